import { Spinner } from "@/components/ui";

export default function Loading() {
  return (
    <div className="py-16 text-center">
      <Spinner label="Loading branding" />
    </div>
  );
}
