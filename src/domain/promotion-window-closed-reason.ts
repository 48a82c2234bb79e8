/**
 * The Kubernetes Status `reason` of a Promotion create refused by a promotion window (embedded
 * admission), which src/kube/to-connect-error.ts turns into FAILED_PRECONDITION: the request is
 * well-formed and permitted, the system is just not in a state to accept it yet.
 */
export const PROMOTION_WINDOW_CLOSED_REASON = "PromotionWindowClosed";
