import "./pages/auth";
import "./pages/home";
import { start } from "./app";

start();
