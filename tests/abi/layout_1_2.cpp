// The ABI guard for 1.2: the layout of every field and constant that ABI 1.2 added, frozen
// like layout_1_0.cpp and layout_1_1.cpp (which still check every older offset; their size
// lines for the structs 1.2 grew read >=). 1.2 only appends: TH_TIF_GTD, th_order_flag,
// th_order_request's expire_time_ns/flags/reserved12 and th_signal's horizon_ns.
// (From sdk/include/tradehost/plugin.h 1.2 on x86-64/gcc; see docs/abi.md.)
#include <tradehost/plugin.h>

#include <cstddef>

static_assert(sizeof(th_order_request) >= 160, "th_order_request size");  // 176 since 1.3 (layout_1_3.cpp)
static_assert(offsetof(th_order_request, orig_client_order_id) == 104, "th_order_request.orig_client_order_id");
static_assert(offsetof(th_order_request, expire_time_ns) == 144, "th_order_request.expire_time_ns");
static_assert(offsetof(th_order_request, flags) == 152, "th_order_request.flags");
static_assert(offsetof(th_order_request, reserved12) == 156, "th_order_request.reserved12");
static_assert(sizeof(th_signal) >= 96, "th_signal size");  // 168 since 1.3 (layout_1_3.cpp)
static_assert(offsetof(th_signal, name) == 56, "th_signal.name");
static_assert(offsetof(th_signal, horizon_ns) == 88, "th_signal.horizon_ns");

// Values of 1.2 constants and enumerators never change.
static_assert(TH_ABI_VERSION_MINOR >= 2, "TH_ABI_VERSION_MINOR");
static_assert(TH_TIF_DAY == 1 && TH_TIF_GTC == 2 && TH_TIF_IOC == 3 && TH_TIF_FOK == 4, "1.0 th_tif");
static_assert(TH_TIF_GTD == 5, "TH_TIF_GTD");
static_assert(TH_ORDER_FLAG_POST_ONLY == 1, "TH_ORDER_FLAG_POST_ONLY");
static_assert(TH_ORDER_FLAG_REDUCE_ONLY == 2, "TH_ORDER_FLAG_REDUCE_ONLY");
static_assert(TH_ORDER_FLAG_PERSIST == 4, "TH_ORDER_FLAG_PERSIST");

int tradehost_abi_layout_1_2_checked = 1;
