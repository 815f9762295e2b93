// `tradehost order`: one order (or cancel) through one configured broker instance, to check
// a deployment's credentials and connectivity before enabling a strategy. The instance runs
// alone with an order_ticket instance wired to its `orders` and `exec_reports` ports; the
// ticket writes the broker's first answer to a file this command waits for and prints.
#include "cli/commands.hpp"
#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace tradehost::cli {
namespace {

const char* kOrderHelp =
    "usage: tradehost order CONFIG --instance NAME buy|sell SYMBOL QTY [--limit PX] [--tif day|gtc|ioc|fok|gtd]\n"
    "                       [--expire ISO8601] [--post-only] [--id CLIENT_ORDER_ID] [--timeout SECONDS]\n"
    "       tradehost order CONFIG --instance NAME cancel CLIENT_ORDER_ID [SYMBOL] [--timeout SECONDS]\n"
    "\n"
    "Starts only instance NAME of CONFIG (a broker: it needs an `orders` input and an\n"
    "`exec_reports` output), sends one order (market unless --limit) or one cancel, waits for\n"
    "the venue's answer and prints it as key=value pairs. The order is journaled like any\n"
    "other (host.journal). Secrets come from the environment, as in `tradehost run`.\n"
    "Without --tif the order takes the broker's own default: its `default_tif` config key where\n"
    "its plugin declares one (the crypto exchange adapter: gtc), else day. --tif gtd needs\n"
    "--expire, the expiry with its zone (2026-12-31T23:59:00Z); --post-only asks the venue to\n"
    "reject the order rather than take liquidity.\n"
    "Exit codes: 0 the venue accepted (or filled, or canceled), 1 rejected or no answer within\n"
    "the timeout (default 30 s), 2 invalid config, 64 usage error.\n";

struct OrderArgs {
    std::string config, instance, action, symbol, qty, limit = "0", tif, id, cancel_id;  // tif "": the broker's default
    std::string expire;      // --expire: GTD's expiry, ISO 8601 (the ticket parses and checks it)
    bool post_only = false;  // --post-only
    double timeout_s = 30;
};

bool parse_args(const Args& args, OrderArgs& o, std::string& why) {
    std::vector<std::string> pos;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                why = a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        if (a == "--instance") { if (!value(o.instance)) return false; }
        else if (a == "--limit") { if (!value(o.limit)) return false; }
        else if (a == "--tif") { if (!value(o.tif)) return false; }
        else if (a == "--id") { if (!value(o.id)) return false; }
        else if (a == "--expire") { if (!value(o.expire)) return false; }
        else if (a == "--post-only") { o.post_only = true; }
        else if (a == "--timeout") {
            std::string t;
            if (!value(t)) return false;
            char* end = nullptr;
            o.timeout_s = std::strtod(t.c_str(), &end);
            if (!end || *end || o.timeout_s <= 0) {
                why = "--timeout: '" + t + "' is not a positive number of seconds";
                return false;
            }
        } else if (!a.empty() && a[0] == '-' && a.size() > 1 && !std::isdigit(static_cast<unsigned char>(a[1]))) {
            why = "unknown option " + a;
            return false;
        } else {
            pos.push_back(a);
        }
    }
    if (pos.empty()) { why = "CONFIG is missing"; return false; }
    if (o.instance.empty()) { why = "--instance NAME is missing"; return false; }
    o.config = pos[0];
    if (pos.size() < 2) { why = "say buy, sell or cancel"; return false; }
    o.action = pos[1];
    if (o.action == "buy" || o.action == "sell") {
        if (pos.size() != 4) { why = o.action + " takes SYMBOL QTY"; return false; }
        o.symbol = pos[2];
        o.qty = pos[3];
    } else if (o.action == "cancel") {
        if (pos.size() < 3 || pos.size() > 4) { why = "cancel takes CLIENT_ORDER_ID [SYMBOL]"; return false; }
        o.cancel_id = pos[2];
        if (pos.size() == 4) o.symbol = pos[3];
    } else {
        why = "'" + o.action + "' is not buy, sell or cancel";
        return false;
    }
    return true;
}

bool has_port(const PluginLibrary& lib, const char* name, uint16_t direction) {
    for (const auto& p : lib.ports())
        if (p.direction == direction && p.name && std::strcmp(p.name, name) == 0) return true;
    return false;
}

ConfigEntry entry(const std::string& key, const std::string& value) {
    ConfigEntry e;
    e.key = key;
    e.scalar = value;
    return e;
}

// The time in force of an order sent without --tif. A venue refuses what it does not take
// (no crypto exchange takes day on a limit order), so the broker says its default: the
// `default_tif` key its plugin declares, as the instance sets it or as declared; a broker
// without one gets day (equities).
std::string default_tif(const PluginLibrary& lib, const InstanceSpec& broker) {
    for (const auto& e : broker.config)
        if (e.key == "default_tif" && !e.is_list && !e.is_map) return e.scalar;
    for (const auto& f : lib.fields())
        if (f.key && std::strcmp(f.key, "default_tif") == 0 && f.default_value) return f.default_value;
    return "day";
}

std::string read_all(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

}  // namespace

int cmd_order(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kOrderHelp, stdout);
        return 0;
    }
    OrderArgs o;
    std::string why;
    if (!parse_args(args, o, why)) {
        std::fprintf(stderr, "tradehost order: %s\n\n%s", why.c_str(), kOrderHelp);
        return kExitUsage;
    }
    Deployment dep;
    Registry reg;
    Plan full;
    if (!load_checked(o.config, dep, reg, full)) return kExitConfig;
    const InstanceSpec* broker = dep.find(o.instance);
    if (!broker || !broker->enabled) {
        std::fprintf(stderr, "tradehost order: %s has no enabled instance '%s'\n", o.config.c_str(), o.instance.c_str());
        return kExitConfig;
    }
    auto lib = reg.find(broker->use);
    if (!lib || !has_port(*lib, "orders", TH_PORT_IN) || !has_port(*lib, "exec_reports", TH_PORT_OUT)) {
        std::fprintf(stderr,
                     "tradehost order: instance '%s' (plugin %s) is not a broker: it needs an 'orders' input and an "
                     "'exec_reports' output\n",
                     o.instance.c_str(), broker->use.c_str());
        return kExitConfig;
    }
    if (o.tif.empty() && !o.expire.empty()) o.tif = "gtd";  // an expiry says good-till-date
    if (o.tif.empty()) o.tif = default_tif(*lib, *broker);
    if (!reg.find("order_ticket")) {
        std::fprintf(stderr, "tradehost order: the order_ticket plugin is not installed (searched: %s)\n",
                     reg.names().c_str());
        return kExitConfig;
    }

    // The answer's file, in a private temporary folder.
    std::string dir = (fs::temp_directory_path() / "tradehost-order-XXXXXX").string();
    if (!::mkdtemp(dir.data())) {
        std::perror("tradehost order: mkdtemp");
        return kExitRuntime;
    }
    const std::string result = dir + "/answer.txt";

    // The broker alone, on its own, with the ticket wired to it; no operator endpoint (a
    // running host may hold its port), no summary.
    Deployment one;
    one.path = dep.path;
    one.files = dep.files;
    one.host = dep.host;
    one.host.api_enabled = false;
    one.host.summary = false;
    one.host.run_duration_ns = 0;
    one.host.run_max_events = 0;
    InstanceSpec b = *broker;
    b.executor = "main";
    InstanceSpec t;
    t.name = "tradehost_order_ticket";
    t.use = "order_ticket";
    t.config = {entry("action", o.action), entry("symbol", o.symbol),
                entry("qty", o.qty.empty() ? "0" : o.qty), entry("limit", o.limit), entry("tif", o.tif),
                entry("client_order_id", o.id), entry("cancel_id", o.cancel_id), entry("result_file", result),
                entry("expire", o.expire), entry("post_only", o.post_only ? "true" : "false")};
    one.instances = {b, t};
    EdgeSpec out, back;
    out.from_instance = t.name;
    out.from_port = "orders";
    out.to_instance = b.name;
    out.to_port = "orders";
    back.from_instance = b.name;
    back.from_port = "exec_reports";
    back.to_instance = t.name;
    back.to_port = "exec_reports";
    back.feedback = true;
    one.edges = {out, back};
    Diagnostics d;
    Plan plan = build_plan(one, reg, d);
    if (!d.ok()) {
        std::fputs(d.str().c_str(), stderr);
        fs::remove_all(dir);
        return kExitUsage;  // the values given on the command line were refused
    }
    setup_logging(dep.host.log_level);

    Runtime rt(one, std::move(plan));
    RunResult res;
    std::atomic<bool> ended{false};
    std::thread runner([&] {
        res = rt.run();
        ended.store(true);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(o.timeout_s);
    std::string answer;
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(result)) {
            answer = read_all(result);
            break;
        }
        if (ended.load()) break;  // the broker or the ticket failed to start
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    rt.request_stop();
    runner.join();
    fs::remove_all(dir);
    spdlog::default_logger()->flush();
    if (answer.empty()) {
        std::fprintf(stderr, "tradehost order: no answer from '%s' within %.0f s%s%s\n", o.instance.c_str(), o.timeout_s,
                     res.error.empty() ? "" : ": ", res.error.c_str());
        return kExitRuntime;
    }
    std::fputs(answer.c_str(), stdout);
    return answer.rfind("exec_type=REJECTED", 0) == 0 ? kExitRuntime : 0;
}

}  // namespace tradehost::cli
