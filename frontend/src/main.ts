import "./pages/auth";
import "./pages/home";
import "./pages/legal";
import "./pages/orders";
import "./pages/payments";
import "./pages/tickets";
import "./pages/sla-claims";
import "./pages/privacy-register";
import "./pages/admin";
import "./pages/reseller";
import "./pages/monitoring";
import "./pages/legal-holds";
import { start } from "./app";
import { startConsent } from "./consent";
import { applyTheme, toggleTheme } from "./preferences";

document.getElementById("theme-toggle")?.addEventListener("click", toggleTheme);
void startConsent().finally(applyTheme);
start();
