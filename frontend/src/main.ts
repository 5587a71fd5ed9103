import "./pages/auth";
import "./pages/home";
import "./pages/legal";
import "./pages/orders";
import "./pages/payments";
import "./pages/tickets";
import "./pages/admin";
import "./pages/reseller";
import { start } from "./app";

start();
