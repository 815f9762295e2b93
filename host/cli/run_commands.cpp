// `tradehost run` and `tradehost validate`.
#include "api/http_server.hpp"
#include "api/routes.hpp"
#include "cli/commands.hpp"
#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace tradehost::cli {

namespace {

const char* kRunHelp =
    "usage: tradehost run CONFIG [--watch]\n"
    "\n"
    "  --watch   reload a plugin when its file is rebuilt (state handed over, no event lost)\n"
    "\n"
    "Validates CONFIG (all errors as file:line:col, nothing starts if any), creates every\n"
    "instance, journals to host.journal (SQLite, WAL), serves /healthz, /metrics and\n"
    "/killswitch on host.api.listen, and runs until every source has finished and the\n"
    "queues are drained, host.run.duration or host.run.max_events is reached, or SIGINT or\n"
    "SIGTERM arrives. Then it stops the instances upstream first, flushes the journal and\n"
    "prints a summary. Exit codes: 0 ok, 1 runtime failure, 2 invalid config or plugin.\n";

const char* kValidateHelp =
    "usage: tradehost validate CONFIG\n"
    "\n"
    "Checks CONFIG without running it: YAML syntax, overlays (extends), ${ENV} variables,\n"
    "plugins found and loadable with a compatible ABI, each instance's config against its\n"
    "plugin's schema, edge ports and event types, cycles without a feedback edge.\n"
    "Prints every problem as file:line:col: message. Exit codes: 0 valid, 2 invalid.\n";

std::atomic<Runtime*> g_runtime{nullptr};

extern "C" void on_signal(int) {
    if (Runtime* rt = g_runtime.load()) rt->request_stop();
}

std::string money(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

void print_summary(const RunResult& r, const Deployment& dep, double seconds, uint64_t session) {
    std::printf("tradehost: session %llu finished in %.2fs\n", static_cast<unsigned long long>(session), seconds);
    std::printf("  events published: %lld\n", static_cast<long long>(r.events));
    std::printf("  orders: %lld  rejects: %lld  fills: %lld\n", static_cast<long long>(r.journal.orders),
                static_cast<long long>(r.journal.rejects), static_cast<long long>(r.journal.fills));
    if (r.journal.refused_actions)
        std::printf("  cancels/replaces refused (the order had ended or was unknown): %lld\n",
                    static_cast<long long>(r.journal.refused_actions));
    if (r.journal.parent_fills)
        std::printf("  parent-order fills (an execution algorithm's, one per child's fill above): %lld\n",
                    static_cast<long long>(r.journal.parent_fills));
    if (r.journal.signals) {
        std::printf("  signals: %lld (sqlite3 %s 'select * from signals')\n", static_cast<long long>(r.journal.signals),
                    dep.host.journal.c_str());
        if (r.journal.signals_out_of_range)
            std::printf("  signals with strength outside [0, 1]: %lld (the direction belongs in value's sign)\n",
                        static_cast<long long>(r.journal.signals_out_of_range));
    }
    if (!r.instances.empty()) {
        // What each instance saw: a plugin that received nothing is miswired or starved.
        std::printf("  %-16s %-14s %12s %12s %8s\n", "instance", "plugin", "events in", "events out", "errors");
        for (const auto& i : r.instances)
            std::printf("  %-16s %-14s %12llu %12llu %8llu\n", i.name.c_str(), i.plugin.c_str(),
                        static_cast<unsigned long long>(i.in), static_cast<unsigned long long>(i.out),
                        static_cast<unsigned long long>(i.errors));
    }
    if (!r.journal.instruments.empty()) {
        std::printf("  %-12s %8s %8s %14s %14s %14s\n", "instrument", "orders", "fills", "position", "realized PnL",
                    "unrealized PnL");
        double total = 0;
        for (const auto& i : r.journal.instruments) {
            std::printf("  %-12s %8lld %8lld %14.4f %14s %14s\n", i.symbol.c_str(), static_cast<long long>(i.orders),
                        static_cast<long long>(i.fills), i.qty, money(i.realized).c_str(), money(i.unrealized).c_str());
            total += i.realized + i.unrealized;
        }
        std::printf("  total PnL: %s\n", money(total).c_str());
    }
    if (r.journal.duplicate_fills)
        std::printf("  fills reported again by a venue, journaled once: %lld\n", static_cast<long long>(r.journal.duplicate_fills));
    if (r.journal.lost)
        std::printf("  NOT journaled (write failed): %lld events and state writes\n", static_cast<long long>(r.journal.lost));
    for (const auto& line : r.journal.recovery) std::printf("  recovered: %s\n", line.c_str());
    std::printf("  journal: %s (sqlite3 %s 'select * from fills')\n", dep.host.journal.c_str(), dep.host.journal.c_str());
}

}  // namespace

void setup_logging(const std::string& level, const std::string& file) {
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    std::vector<spdlog::sink_ptr> sinks{console};
    if (!file.empty()) {
        // The file keeps every line; the console only what needs a person's eye.
        std::error_code ec;
        auto parent = std::filesystem::path(file).parent_path();
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        try {
            auto f = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file);
            f->set_level(spdlog::level::from_str(level));
            sinks.push_back(f);
            console->set_level(spdlog::level::warn);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "tradehost: cannot open log file %s: %s; logging to the console\n", file.c_str(), e.what());
        }
    }
    auto logger = std::make_shared<spdlog::logger>("tradehost", sinks.begin(), sinks.end());
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_level(spdlog::level::from_str(level));
}

// Load and check a deployment; prints diagnostics. Returns false if invalid.
bool load_checked(const std::string& path, Deployment& dep, Registry& reg, Plan& plan) {
    Diagnostics d;
    dep = load_deployment(path, d);
    if (d.ok()) {
        reg.scan(Registry::search_path(dep.host.plugin_path));
        plan = build_plan(dep, reg, d);
    }
    if (!d.ok()) {
        std::fputs(d.str().c_str(), stderr);
        std::fprintf(stderr, "%s: %zu error(s); nothing was started\n", path.c_str(), d.items().size());
        return false;
    }
    return true;
}

bool wants_help(const Args& args) {
    for (const auto& a : args)
        if (a == "-h" || a == "--help") return true;
    return false;
}

int cmd_validate(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kValidateHelp, stdout);
        return 0;
    }
    if (args.size() != 1) {
        std::fputs(kValidateHelp, stderr);
        return kExitUsage;
    }
    Deployment dep;
    Registry reg;
    Plan plan;
    if (!load_checked(args[0], dep, reg, plan)) return kExitConfig;
    {
        // Everything run checks before it starts: each plugin's own create-time checks too.
        setup_logging(dep.host.log_level == "info" ? "warn" : dep.host.log_level, "");
        const size_t instances = plan.instances.size(), executors = plan.executors.size(), edges = plan.edges.size();
        Diagnostics d;
        Runtime(dep, std::move(plan)).trial_create(d);
        if (!d.ok()) {
            std::fputs(d.str().c_str(), stderr);
            std::fprintf(stderr, "%s: %zu error(s); nothing was started\n", args[0].c_str(), d.items().size());
            return kExitConfig;
        }
        std::printf("%s: ok (%zu instances on %zu executor(s), %zu edges)\n", args[0].c_str(), instances, executors, edges);
        return 0;
    }
}

int cmd_run(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kRunHelp, stdout);
        return 0;
    }
    std::string config;
    bool watch = false;
    for (const auto& a : args) {
        if (a == "--watch") watch = true;
        else if (config.empty() && !a.empty() && a[0] != '-') config = a;
        else {
            std::fputs(kRunHelp, stderr);
            return kExitUsage;
        }
    }
    if (config.empty()) {
        std::fputs(kRunHelp, stderr);
        return kExitUsage;
    }
    Deployment dep;
    Registry reg;
    Plan plan;
    if (!load_checked(config, dep, reg, plan)) return kExitConfig;
    setup_logging(dep.host.log_level, dep.host.log_file);
    if (!dep.host.log_file.empty()) std::fprintf(stderr, "tradehost: logging to %s\n", dep.host.log_file.c_str());

    auto t0 = std::chrono::steady_clock::now();
    Runtime rt(dep, std::move(plan));
    rt.set_registry(&reg);
    if (watch) rt.enable_watch(300'000'000);  // 300 ms quiet after the last write
    std::unique_ptr<ApiAccess> access;
    std::unique_ptr<ApiRoutes> routes;
    std::unique_ptr<HttpServer> api;
    if (dep.host.api_enabled) {
        try {
            access = std::make_unique<ApiAccess>(ApiTokens::from_env(dep.host.api_token_env, dep.host.api_read_token_env));
            routes = std::make_unique<ApiRoutes>(rt, *access);
            // With tokens on every call, a rebound page has nothing to send, so any Host name
            // the operator reaches us by is accepted (api/http_server.hpp).
            api = std::make_unique<HttpServer>(dep.host.api_host, dep.host.api_port,
                                               [&routes](const HttpRequest& r) { return routes->handle(r); },
                                               64, access->tokens_required(),
                                               TlsFiles{dep.host.api_tls_cert, dep.host.api_tls_key});
            spdlog::info("operator endpoint and console on {}://{}:{}/{}", dep.host.api_tls_cert.empty() ? "http" : "https",
                         dep.host.api_host, api->port(),
                         access->tokens_required() ? ", tokens required" : "");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "tradehost: %s (set host.api.listen, or host.api.enabled: false)\n", e.what());
            return kExitRuntime;
        }
    }
    g_runtime.store(&rt);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    // With the log in a file, the console shows a progress line every two seconds instead.
    std::atomic<bool> ran{false};
    std::mutex progress_mu;
    std::condition_variable progress_cv;
    std::thread progress;
    if (!dep.host.log_file.empty() && dep.host.summary) {
        progress = std::thread([&] {
            std::unique_lock<std::mutex> lk(progress_mu);
            while (!progress_cv.wait_for(lk, std::chrono::seconds(2), [&] { return ran.load(); })) {
                auto [events, fills] = rt.progress();
                double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::fprintf(stderr, "tradehost: %.0fs  %llu source events  %llu fills\n", s,
                             static_cast<unsigned long long>(events), static_cast<unsigned long long>(fills));
            }
        });
    }
    RunResult r = rt.run();
    {
        std::lock_guard<std::mutex> lk(progress_mu);
        ran.store(true);
    }
    progress_cv.notify_all();
    if (progress.joinable()) progress.join();
    g_runtime.store(nullptr);
    api.reset();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r.exit_code != 0) {
        spdlog::error("{}", r.error);
        std::fprintf(stderr, "tradehost: %s\n", r.error.c_str());
        if (!rt.journal()) return r.exit_code;
    }
    if (dep.host.summary) print_summary(r, dep, secs, rt.session_id());
    spdlog::default_logger()->flush();
    return r.exit_code;
}

}  // namespace tradehost::cli
