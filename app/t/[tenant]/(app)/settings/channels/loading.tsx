import { Spinner } from "@/components/ui";

export default function Loading() {
  return (
    <div className="py-12">
      <Spinner label="Loading channels" />
    </div>
  );
}
