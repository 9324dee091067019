import { expect, test, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { api, mailTo, PORT, unique } from "./helpers";

const PASSWORD = "correct horse battery";

/** A fresh workspace, its owner signed in in `page` through the sign-up hand-off. */
async function newWorkspace(page: Page, owner = "Olive Owner") {
  const slug = unique("team-");
  const email = `${unique("olive")}@team.test`;
  const created = await api({ host: "localhost", path: "/api/signup", method: "POST", body: { name: owner, email, password: PASSWORD, company: `Team ${slug}`, slug } });
  expect(created.status).toBe(201);
  await page.goto((created.json as { redirectUrl: string }).redirectUrl);
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);
  return { slug, email, origin: `http://${slug}.localhost:${PORT}` };
}

async function codeFor(secret: string, stepsAhead = 0) {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test("an owner invites a teammate by email; the teammate joins as a viewer and cannot edit", async ({ page, browser }) => {
  const ws = await newWorkspace(page);
  // Something for the teammate to look at: a dashboard the owner made.
  await page.goto(`${ws.origin}/dashboards`);
  await page.getByLabel("New dashboard name").fill("Team board");
  await page.getByRole("button", { name: "Create blank dashboard" }).click();
  await expect(page.getByRole("button", { name: "Customize" })).toBeVisible();

  await page.getByTestId("workspace-switcher").locator("summary").click();
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  const teammate = `${unique("vera")}@team.test`;
  await page.getByLabel("Email address").fill(teammate);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${teammate}.`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(teammate);

  const link = (await mailTo(teammate)).match(/https?:\/\/\S+\/invite\?token=[\w%-]+/)?.[0];
  expect(link).toBeTruthy();
  const { context, page: mate } = await freshPage(browser);
  await mate.goto(link!);
  await expect(mate.getByText("You're invited as viewer")).toBeVisible();
  await mate.getByLabel("Full name").fill("Vera Viewer");
  await mate.getByLabel("Choose a password").fill("another long passphrase");
  await mate.getByRole("button", { name: "Join workspace" }).click();
  await mate.waitForURL(`${ws.origin}/`);
  await expect(mate.getByTestId("signed-in-as")).toHaveText("Vera Viewer");

  // Read-only: the dashboard opens without edit controls, AWS cannot be connected, the API refuses.
  await mate.goto(`${ws.origin}/dashboards`);
  await expect(mate.getByLabel("New dashboard name")).toHaveCount(0);
  await mate.getByRole("link", { name: "Team board" }).click();
  await expect(mate.getByRole("heading", { name: "Team board" })).toBeVisible();
  await expect(mate.getByRole("button", { name: "Customize" })).toHaveCount(0);
  await mate.goto(`${ws.origin}/settings/aws`);
  await expect(mate.getByText("Only owners and admins can connect AWS accounts.")).toBeVisible();
  const cookie = (await context.cookies(ws.origin)).map((c) => `${c.name}=${c.value}`).join("; ");
  const refused = await api({ host: `${ws.slug}.localhost`, path: "/api/team/invitations", method: "POST", cookie, body: { email: "x@team.test", role: "viewer" } });
  expect(refused.status).toBe(403);
  await mate.goto(`${ws.origin}/settings/members`);
  await expect(mate.getByText("Only owners and admins can invite people or change roles.")).toBeVisible();

  // The link was single use.
  const { context: third, page: again } = await freshPage(browser);
  await again.goto(link!);
  await expect(again.getByText("This invitation was already used.")).toBeVisible();
  await third.close();

  // The owner sees the new member, and the audit log has the whole story.
  await page.goto(`${ws.origin}/settings/members`);
  await expect(page.getByTestId(`member-${teammate}`)).toContainText("Vera Viewer");
  await page.goto(`${ws.origin}/settings/audit`);
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("invitation.accepted");
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("invitation.created");
  await context.close();
});

test("an owner turns on two-factor sign-in, logs out, and logs in again with a code", async ({ page }) => {
  const ws = await newWorkspace(page);
  await page.goto(`${ws.origin}/settings/security`);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText(/didn't match/).first()).toBeVisible();
  await page.getByLabel("Authentication code").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("two-factor-status")).toHaveText(/Two-factor sign-in is on/);
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);

  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${ws.origin}/login`);
  await page.getByLabel("Email").fill(ws.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code didn't work" })).toBeVisible();
  // The enrolment code's step is spent; the next one (the app shows it within 30 s) works.
  await page.getByLabel("Authentication code").fill(await codeFor(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${ws.origin}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Olive Owner");

  // The root-domain log-in asks too before handing over: here with a recovery code.
  await page.context().clearCookies();
  await page.goto(`http://localhost:${PORT}/login`);
  await page.getByLabel("Email").fill(ws.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Authentication code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${ws.origin}/`);
  await expect(page.getByTestId("workspace-name")).toHaveText(`Team ${ws.slug}`);
});

test("signing out another session ends it at once; a password reset by email ends them all", async ({ page, browser }) => {
  const ws = await newWorkspace(page);
  const { context, page: laptop } = await freshPage(browser);
  await laptop.goto(`${ws.origin}/login`);
  await laptop.getByLabel("Email").fill(ws.email);
  await laptop.getByLabel("Password").fill(PASSWORD);
  await laptop.getByRole("button", { name: "Log in" }).click();
  await laptop.waitForURL(`${ws.origin}/`);

  await page.goto(`${ws.origin}/settings/sessions`);
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page.getByText("1 session signed out.")).toBeVisible();
  await expect(page.getByTestId("session-row")).toHaveCount(1);
  await laptop.goto(`${ws.origin}/settings`);
  await laptop.waitForURL(`${ws.origin}/login`);

  // Forgot password: same answer for unknown addresses; the mailed link works once.
  await laptop.goto(`http://localhost:${PORT}/login`);
  await laptop.getByRole("link", { name: "Forgot password?" }).click();
  await laptop.getByLabel("Email").fill(ws.email);
  await laptop.getByRole("button", { name: "Send reset link" }).click();
  await expect(laptop.getByText(/If an account uses this address/)).toBeVisible();
  const link = (await mailTo(ws.email)).match(/https?:\/\/\S+\/reset-password\?token=[\w%-]+/)?.[0];
  expect(link).toBeTruthy();
  await laptop.goto(link!);
  await laptop.getByLabel("New password").fill("a brand new passphrase");
  await laptop.getByRole("button", { name: "Set new password" }).click();
  await expect(laptop.getByText(/every session of your account was signed out/)).toBeVisible();
  await page.goto(`${ws.origin}/settings`);
  await page.waitForURL(`${ws.origin}/login`);
  await laptop.goto(link!);
  await expect(laptop.getByText("This reset link has expired or was already used.")).toBeVisible();
  await context.close();
});

test("pages carry the security headers and the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
  const ws = await newWorkspace(page);
  const response = await page.goto(`${ws.origin}/settings/security`);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // The page rendered and hydrated under that policy (the button only works with JavaScript).
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const session = (await page.context().cookies(ws.origin)).find((c) => c.name.includes("session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", domain: `${ws.slug}.localhost` });
});

test("an owner moves the workspace to a new subdomain; the old address redirects there", async ({ page }) => {
  const ws = await newWorkspace(page);
  await page.goto(`${ws.origin}/settings/workspace`);
  const next = `${ws.slug}-moved`;
  await page.getByLabel("Subdomain").fill(next);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Change subdomain" }).click();
  await page.waitForURL(`http://${next}.localhost:${PORT}/`);
  await expect(page.getByTestId("workspace-name")).toHaveText(`Team ${ws.slug}`);
  await page.goto(`${ws.origin}/dashboards`);
  await page.waitForURL(`http://${next}.localhost:${PORT}/`);
  await page.goto(`http://${next}.localhost:${PORT}/settings/audit`);
  await expect(page.getByRole("table", { name: "Audit events" })).toContainText("workspace.subdomain_changed");
});
