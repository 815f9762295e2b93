/* A plugin whose create always fails with a message. */
#include <tradehost/plugin.h>

#include <stdio.h>

static th_status x_create(const th_host_api* h, th_host_ctx* c, const th_config* cfg, th_instance** o, char* e, size_t n) {
    (void)h; (void)c; (void)cfg; (void)o;
    snprintf(e, n, "cannot reach the venue at %s", "127.0.0.1:1");
    return TH_ERR_IO;
}
static void x_destroy(th_instance* s) { (void)s; }
static th_status x_start(th_instance* s) { (void)s; return TH_OK; }
static const char* x_last_error(th_instance* s) { (void)s; return ""; }

TH_PLUGIN_EXPORT const th_plugin_entry tradehost_plugin_entry = {
    TH_ABI_VERSION_MAJOR, TH_ABI_VERSION_MINOR, sizeof(th_plugin_entry),
    "create_fails", "1.0.0", "other", "create always fails", 0,
    0, NULL, 0, 0, NULL,
    x_create, x_destroy, x_start, x_start, NULL, NULL, x_last_error, NULL, NULL};
