import "./pages/auth";
import "./pages/home";
import "./pages/orders";
import "./pages/admin";
import { start } from "./app";

start();
