import type { Metadata } from "next";
import localFont from "next/font/local";
import "./globals.css";

const inter = localFont({ src: "./fonts/inter-latin-wght.woff2", variable: "--font-inter", display: "swap" });

export const metadata: Metadata = {
  title: { default: "Monitr — AWS monitoring and cost control", template: "%s · Monitr" },
  description: "Connect AWS in one step. Dashboards, alerts, budgets and reports for EC2, EKS and your bill.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900">{children}</body>
    </html>
  );
}
