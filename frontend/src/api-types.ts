// The API's answers, as the OpenAPI document (docs/openapi.json) says: aliases of the types
// generated into api-schema.ts by `make openapi`. A field renamed in the API breaks `tsc` here
// and in every page that reads it. Pages name these aliases, never shapes of their own.
import type { components } from "./api-schema";

export type Schemas = components["schemas"];
export type User = Schemas["UserOut"];
export type SignedIn = Schemas["SignedIn"];
export type TotpRequired = Schemas["TotpRequired"];
export type Notice = Schemas["Notice"];
export type PasswordReset = Schemas["PasswordReset"];
export type PasswordChanged = Schemas["PasswordChanged"];
export type ServiceInfo = Schemas["ServiceOut"];
export type ServiceList = Schemas["ServiceList"];
export type PublicService = Schemas["PublicServiceOut"];
export type PublicServiceList = Schemas["PublicServiceList"];
export type OrderInfo = Schemas["OrderOut"];
export type OrderAnswer = Schemas["OrderAnswer"];
export type OrderPage = Schemas["OrderPage"];
export type OrderDetail = Schemas["OrderDetailOut"];
export type OrderDetailAnswer = Schemas["OrderDetailAnswer"];
export type RefillInfo = Schemas["RefillOut"];
export type Dashboard = Schemas["DashboardOut"];
export type MassResults = Schemas["MassResults"];
export type Balance = Schemas["BalanceOut"];
export type LedgerEntry = Schemas["EntryOut"];
export type ApiKeyInfo = Schemas["ApiKeyOut"];
export type ApiKeyList = Schemas["ApiKeyList"];
export type NewApiKey = Schemas["NewApiKey"];
export type ApiKeyAnswer = Schemas["ApiKeyAnswer"];

// Payments
export type TopUp = Schemas["TopUpOut"];
export type TopUpPage = Schemas["TopUpPage"];
export type TopUpAnswer = Schemas["TopUpAnswer"];
export type PaymentsConfig = Schemas["PaymentsConfig"];
export type StartedTopUp = Schemas["StartedTopUp"];

// Staff console
export type ProviderList = Schemas["ProviderList"];
export type Provider = Schemas["ProviderListed"];
export type ProviderBalance = Schemas["ProviderBalance"];
export type ImportResult = Schemas["ImportResultOut"];
export type UpstreamList = Schemas["UpstreamList"];
export type UpstreamService = Schemas["UpstreamServiceOut"];
export type ChangeReportList = Schemas["ChangeReportList"];
export type ChangeReport = Schemas["ChangeReportOut"];
export type AdminServiceList = Schemas["AdminServiceList"];
export type AdminService = Schemas["AdminServiceOut"];
export type UserList = Schemas["UserList"];
export type UserDetail = Schemas["UserDetail"];
export type OrdersNeedingStaff = Schemas["OrdersNeedingStaff"];
export type AdminOrder = Schemas["AdminOrderOut"];
export type AuditPage = Schemas["AuditPage"];
export type AuditRecord = Schemas["AuditRecordOut"];
export type MinorAnswer = Schemas["MinorAnswer"];
export type StaffTask = Schemas["TaskOut"];
export type StaffTaskList = Schemas["TaskList"];

// Monitoring and maintenance
export type MonitorList = Schemas["MonitorList"];
export type MonitorStatus = Schemas["MonitorStatusOut"];
export type ProbeResult = Schemas["ProbeOut"];
export type RegisteredMonitor = Schemas["RegisteredMonitor"];
export type WindowList = Schemas["WindowList"];
export type MaintenanceWindow = Schemas["WindowOut"];
export type UpcomingMaintenance = Schemas["UpcomingMaintenance"];
// The public status page
export type StatusPage = Schemas["StatusPage"];
export type StatusDay = Schemas["StatusDay"];
export type StatusPeriod = Schemas["StatusPeriod"];

// Tickets
export type TicketConfig = Schemas["TicketConfig"];
export type UploadAnswer = Schemas["UploadAnswer"];
export type DownloadAnswer = Schemas["DownloadAnswer"];
export type Ticket = Schemas["TicketOut"];
export type TicketList = Schemas["TicketList"];
export type TicketAnswer = Schemas["TicketAnswer"];
export type TicketThread = Schemas["TicketThread"];
export type StaffTicket = Schemas["StaffTicketOut"];
export type StaffTicketList = Schemas["StaffTicketList"];
export type StaffThread = Schemas["StaffThread"];
export type CannedReplies = Schemas["CannedReplies"];
export type CannedReply = Schemas["CannedReplyOut"];
export type CannedReplyAnswer = Schemas["CannedReplyAnswer"];
export type TicketOrders = Schemas["TicketOrders"];
export type TicketOrderOut = Schemas["TicketOrderOut"];
// A message as a customer or staff sees it (staff also see who wrote it and whether it is a note).
export type Message = Schemas["MessageOut"] & Partial<Pick<Schemas["StaffMessageOut"], "author_id" | "internal">>;

// The privacy request register (staff)
export type PrivacyRequestList = Schemas["PrivacyRequestList"];
export type PrivacyRequest = Schemas["PrivacyRequestOut"];
export type PrivacyRequestAnswer = Schemas["PrivacyRequestAnswer"];
export type PrivacyRequestDetail = Schemas["PrivacyRequestDetail"];
export type LegalRequestList = Schemas["LegalRequestList"];
export type LegalRequestOut = Schemas["LegalRequestOut"];
export type LegalRequestAnswer = Schemas["LegalRequestAnswer"];
export type LegalRequestDetail = Schemas["LegalRequestDetail"];
export type LegalUploadForm = Schemas["LegalUploadForm"];
export type VoluntaryList = Schemas["VoluntaryList"];
export type VoluntaryOut = Schemas["VoluntaryOut"];
export type TransparencyReport = Schemas["TransparencyReport"];

// Cookies and consent
export type CookieRegistry = Schemas["CookieRegistry"];

// Data-subject rights
export type DeletionInfo = Schemas["DeletionInfo"];
export type AccountDeleted = Schemas["AccountDeleted"];
export type UsernameChanged = Schemas["UsernameChanged"];
export type EmailChangeRequested = Schemas["EmailChangeRequested"];
export type EmailChanged = Schemas["EmailChanged"];
export type Preferences = Schemas["Preferences"];

// Service mails the customer switches
export type MailPreferencesOut = Schemas["MailPreferencesOut"];

// Policy pages
export type LegalInfo = Schemas["LegalInfo"];

// SLA claims
export type ClaimForm = Schemas["ClaimFormOut"];
export type ClaimFiled = Schemas["ClaimFiled"];
export type ClaimView = Schemas["ClaimViewOut"];
export type ClaimQueue = Schemas["ClaimQueue"];
export type StaffClaim = Schemas["StaffClaimOut"];

// Legal holds and disclosure packages (legal staff)
export type LegalHold = Schemas["HoldOut"];
export type LegalHoldAnswer = Schemas["HoldAnswer"];
export type LegalPackage = Schemas["PackageOut"];
export type LegalPackageAnswer = Schemas["PackageAnswer"];
export type LegalPackageFile = Schemas["PackageFileContent"];

// Staff reports
export type Report = Schemas["StaffReport"];
export type ReportDay = Schemas["ReportDayOut"];
export type ReportLine = Schemas["ReportLineOut"];
export type ReportFigures = Schemas["FiguresOut"];
export type StaffAccount = Schemas["StaffOut"];
export type StaffList = Schemas["StaffList"];
export type StaffAnswer = Schemas["StaffAnswer"];
export type StaffFactor = Schemas["StaffFactor"];
export type StaffCreated = Schemas["StaffCreated"];
export type DeskOrder = Schemas["DeskOrderOut"];
export type OrderSearchPage = Schemas["OrderSearchPage"];
export type OrderFile = Schemas["OrderFileOut"];

// Staff alerts (admins).
export type AlertsPage = Schemas["AlertsPage"];
export type AlertSettings = Schemas["AlertSettingsOut"];
export type LoggedAlert = Schemas["AlertOut"];
export type AlertTestSent = Schemas["TestSent"];
export type CustomerList = Schemas["CustomerList"];
export type CustomerOrders = Schemas["CustomerOrders"];
export type SessionList = Schemas["SessionList"];
export type StaffLockAnswer = Schemas["StaffLockAnswer"];
export type CustomerKeys = Schemas["CustomerKeys"];

// White-label settings
export type Brand = Schemas["BrandOut"];
export type AdminBrand = Schemas["AdminBrandOut"];
export type AdminBrandAnswer = Schemas["AdminBrandAnswer"];
export type LogoUploadAnswer = Schemas["LogoUploadAnswer"];
