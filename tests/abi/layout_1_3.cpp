// The ABI guard for 1.3: the layout of every field and constant that ABI 1.3 added, frozen
// like the older layout_1_*.cpp (whose size lines for the structs 1.3 grew read >=). 1.3 only
// appends the decision ids: th_order_request's decision_id/cause_id, th_signal's and
// th_target's decision_id/cause_ids, and TH_CAUSE_MAX.
// (From sdk/include/tradehost/plugin.h 1.3 on x86-64/gcc; see docs/abi.md.)
#include <tradehost/plugin.h>

#include <cstddef>

static_assert(sizeof(th_order_request) == 176, "th_order_request size");
static_assert(offsetof(th_order_request, reserved12) == 156, "th_order_request.reserved12");
static_assert(offsetof(th_order_request, decision_id) == 160, "th_order_request.decision_id");
static_assert(offsetof(th_order_request, cause_id) == 168, "th_order_request.cause_id");
static_assert(sizeof(th_signal) == 168, "th_signal size");
static_assert(offsetof(th_signal, horizon_ns) == 88, "th_signal.horizon_ns");
static_assert(offsetof(th_signal, decision_id) == 96, "th_signal.decision_id");
static_assert(offsetof(th_signal, cause_ids) == 104, "th_signal.cause_ids");
static_assert(sizeof(th_target) == 256, "th_target size");
static_assert(offsetof(th_target, reason) == 88, "th_target.reason");
static_assert(offsetof(th_target, decision_id) == 184, "th_target.decision_id");
static_assert(offsetof(th_target, cause_ids) == 192, "th_target.cause_ids");

// Values of 1.3 constants never change.
static_assert(TH_ABI_VERSION_MINOR >= 3, "TH_ABI_VERSION_MINOR");
static_assert(TH_CAUSE_MAX == 8, "TH_CAUSE_MAX");

int tradehost_abi_layout_1_3_checked = 1;
