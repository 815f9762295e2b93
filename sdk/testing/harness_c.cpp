// The C API of the test harness (tradehost/testing/harness.h) over the C++ Harness: each
// call catches what the C++ side throws and keeps its text for th_harness_error.
#include <tradehost/testing/harness.h>
#include <tradehost/testing/harness.hpp>

#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

using tradehost::testing::Harness;
using tradehost::testing::Published;

struct th_harness {
    std::unique_ptr<Harness> h;
    std::string error;
    std::vector<Published> taken;
    std::string snapshot;
    std::vector<std::string> log;
};

namespace {

// Runs `fn`; 0 on success, -1 with the reason kept on a throw.
template <class F> int guarded(th_harness* h, F&& fn) {
    h->error.clear();
    try {
        fn();
        return 0;
    } catch (const std::exception& e) {
        h->error = e.what();
    } catch (...) {
        h->error = "unknown error";
    }
    return -1;
}

std::string str(const char* s) { return s ? s : ""; }

}  // namespace

extern "C" {

th_harness* th_harness_open(const char* path, char* err, size_t err_len) {
    try {
        auto out = std::make_unique<th_harness>();
        out->h = std::make_unique<Harness>(str(path));
        return out.release();
    } catch (const std::exception& e) {
        if (err && err_len) {
            std::strncpy(err, e.what(), err_len - 1);
            err[err_len - 1] = '\0';
        }
    } catch (...) {
        if (err && err_len) std::strncpy(err, "unknown error", err_len - 1), err[err_len - 1] = '\0';
    }
    return nullptr;
}

void th_harness_close(th_harness* h) { delete h; }

const char* th_harness_error(const th_harness* h) { return h ? h->error.c_str() : "no harness"; }

int th_harness_set(th_harness* h, const char* key, const char* value) {
    return guarded(h, [&] { h->h->set(str(key), str(value)); });
}

int th_harness_set_list(th_harness* h, const char* key, const char* const* items, size_t count) {
    return guarded(h, [&] {
        std::vector<std::string> v;
        for (size_t i = 0; i < count; ++i) v.push_back(str(items[i]));
        h->h->set_list(str(key), v);
    });
}

void th_harness_set_secret(th_harness* h, const char* name, const char* value) { h->h->set_secret(str(name), str(value)); }

int th_harness_create(th_harness* h) { return guarded(h, [&] { h->h->create(); }); }
int th_harness_start(th_harness* h) { return guarded(h, [&] { h->h->start(); }); }
int th_harness_stop(th_harness* h) { return guarded(h, [&] { h->h->stop(); }); }

const void* th_harness_snapshot(th_harness* h, size_t* len) {
    if (guarded(h, [&] { h->snapshot = h->h->snapshot(); }) != 0) return nullptr;
    if (len) *len = h->snapshot.size();
    return h->snapshot.data();
}

int th_harness_restore(th_harness* h, const void* data, size_t len) {
    return guarded(h, [&] { h->h->restore(std::string(static_cast<const char*>(data), data ? len : 0)); });
}

th_status th_harness_send(th_harness* h, const char* port, const th_event_header* ev) {
    th_status s = TH_ERR_INVALID_ARGUMENT;
    if (!ev) {
        h->error = "th_harness_send: no event";
        return s;
    }
    if (guarded(h, [&] { s = h->h->send(str(port), *ev); }) != 0) return TH_ERR_INVALID_ARGUMENT;
    return s;
}

int th_harness_advance(th_harness* h, int64_t ns) { return guarded(h, [&] { h->h->advance(ns); }); }

th_time_ns th_harness_now(const th_harness* h) { return h->h->now(); }

size_t th_harness_take(th_harness* h, const char* port) {
    h->taken = h->h->take_all(str(port));
    return h->taken.size();
}

const th_event_header* th_harness_taken(const th_harness* h, size_t i) {
    return i < h->taken.size() ? &h->taken[i].header() : nullptr;
}

const char* th_harness_taken_port(const th_harness* h, size_t i) {
    return i < h->taken.size() ? h->taken[i].port.c_str() : nullptr;
}

th_instrument th_harness_intern(th_harness* h, const char* symbol) { return h->h->intern(str(symbol)); }

int64_t th_harness_metric(const th_harness* h, const char* name) { return h->h->metric(str(name)); }

size_t th_harness_log_count(th_harness* h) {
    h->log = h->h->log_lines();
    return h->log.size();
}

const char* th_harness_log_line(th_harness* h, size_t i) {
    h->log = h->h->log_lines();
    return i < h->log.size() ? h->log[i].c_str() : nullptr;
}

int th_harness_source_finished(const th_harness* h) { return h->h->source_finished() ? 1 : 0; }

}  // extern "C"
