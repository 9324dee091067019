import { EmptyState } from "@/components/ui";
import type { Invoice } from "@/lib/billing";

const date = (d: Date) => d.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const money = (cents: number, currency: string) => new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);

/** Invoices as Stripe reported them, with its hosted page and PDF. */
export function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  if (invoices.length === 0) return <EmptyState title="No invoices yet">Invoices appear here once Stripe issues the first one.</EmptyState>;
  return (
    <table className="w-full text-left text-sm" aria-label="Invoices">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Number</th>
          <th className="py-2 pr-4">Date</th>
          <th className="py-2 pr-4 text-right">Amount</th>
          <th className="py-2 pr-4">Status</th>
          <th className="py-2">
            <span className="sr-only">Links</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {invoices.map((invoice) => (
          <tr key={invoice.stripeInvoiceId}>
            <td className="py-2 pr-4 font-mono text-xs">{invoice.number ?? "—"}</td>
            <td className="py-2 pr-4 whitespace-nowrap">{date(invoice.issuedAt)}</td>
            <td className="py-2 pr-4 text-right">{money(invoice.total, invoice.currency)}</td>
            <td className="py-2 pr-4">{invoice.status}</td>
            <td className="space-x-3 py-2 text-right whitespace-nowrap">
              {invoice.hostedInvoiceUrl ? (
                <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="font-medium text-brand-700 hover:underline">
                  View<span className="sr-only"> invoice {invoice.number}</span>
                </a>
              ) : null}
              {invoice.invoicePdf ? (
                <a href={invoice.invoicePdf} target="_blank" rel="noreferrer" className="font-medium text-brand-700 hover:underline">
                  PDF<span className="sr-only"> of invoice {invoice.number}</span>
                </a>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
