/* A plugin that claims ABI major 2: the host must refuse it before calling anything,
 * naming both versions. Its functions abort, to prove they are never called. */
#include <tradehost/plugin.h>

#include <stdlib.h>

static th_status n_create(const th_host_api* h, th_host_ctx* c, const th_config* cfg, th_instance** o, char* e, size_t n) {
    (void)h; (void)c; (void)cfg; (void)o; (void)e; (void)n;
    abort();
}
static void n_destroy(th_instance* s) { (void)s; abort(); }
static th_status n_start(th_instance* s) { (void)s; abort(); }
static const char* n_last_error(th_instance* s) { (void)s; abort(); }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    2, 0, sizeof(th_plugin_entry),
    "next_major", "2.0.0", "other", "built for a future ABI major", 0,
    0, NULL, 0, 0, NULL,
    n_create, n_destroy, n_start, n_start, NULL, NULL, n_last_error, NULL, NULL};
