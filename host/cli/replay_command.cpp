// `tradehost replay`: run a recorded session again and show it reproduces its orders and
// fills, or where it first does not (docs/operator-guide.md, "Replay").
#include "cli/commands.hpp"
#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"
#include "replay/compare.hpp"
#include "replay/recorded_session.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace tradehost::cli {

namespace {

namespace fs = std::filesystem;

const char* kReplayHelp =
    "usage: tradehost replay JOURNAL [--session N] [--config FILE] [--keep FILE]\n"
    "\n"
    "Runs a recorded session of JOURNAL again (the latest one that recorded its inputs, or\n"
    "session N): the deployment it ran, or FILE with --config; the events its sources\n"
    "published, in their order, instead of the sources; the durable state it began with.\n"
    "The replay journals to a file of its own (a temporary one, or FILE with --keep, which\n"
    "must not exist) and its orders and fills are compared with the session's: the same\n"
    "prices, quantities, fees, ids and outcomes, in the same order.\n"
    "Sessions record their inputs when the deployment sets host.record_inputs: true.\n"
    "Exit codes: 0 reproduced, 1 different (the first difference is printed) or the replay\n"
    "failed, 2 invalid config, 64 usage.\n";

struct ReplayArgs {
    std::string journal, config, keep;
    uint64_t session = 0;
};

bool parse(const Args& args, ReplayArgs& out) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--session" && has_value) {
            char* end = nullptr;
            const unsigned long long n = std::strtoull(args[++i].c_str(), &end, 10);
            if (!end || *end || n == 0) return false;
            out.session = n;
        } else if (a == "--config" && has_value) {
            out.config = args[++i];
        } else if (a == "--keep" && has_value) {
            out.keep = args[++i];
        } else if (out.journal.empty() && !a.empty() && a[0] != '-') {
            out.journal = a;
        } else {
            return false;
        }
    }
    return !out.journal.empty();
}

}  // namespace

int cmd_replay(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kReplayHelp, stdout);
        return 0;
    }
    ReplayArgs o;
    if (!parse(args, o)) {
        std::fputs(kReplayHelp, stderr);
        return kExitUsage;
    }
    setup_logging("warn");
    RecordedSession recorded;
    try {
        recorded = read_recorded_session(o.journal, o.session);
    } catch (const ReplayError& e) {
        std::fprintf(stderr, "tradehost %s\n", e.what());
        return kExitRuntime;
    }
    const std::string config = o.config.empty() ? recorded.config : o.config;
    std::error_code ec;
    if (!fs::is_regular_file(config, ec)) {
        std::fprintf(stderr, "tradehost replay: session %llu ran the deployment %s, which is not a file from here; give it with --config\n",
                     static_cast<unsigned long long>(recorded.session), config.c_str());
        return kExitConfig;
    }
    Deployment dep;
    Registry reg;
    Plan plan;
    if (!load_checked(config, dep, reg, plan)) return kExitConfig;
    for (const auto& e : dep.edges)
        if (e.nats) {
            std::fprintf(stderr, "%s: edge %s.%s -> %s.%s crosses hosts on NATS: replay runs one host's whole pipeline\n",
                         e.loc.str().c_str(), e.from_instance.c_str(), e.from_port.c_str(), e.to_instance.c_str(), e.to_port.c_str());
            return kExitConfig;
        }
    std::printf("tradehost replay: session %llu of %s, %zu recorded events, deployment %s\n",
                static_cast<unsigned long long>(recorded.session), o.journal.c_str(), recorded.inputs.size(), config.c_str());
    if (deployment_sha256(dep.files) != recorded.config_sha256)
        std::printf("  note: the deployment's files changed since the session ran (their SHA-256 differs); a difference may come from that\n");

    // The replay's own journal: never the recorded one, never a file that exists.
    std::string dir;
    if (o.keep.empty()) {
        dir = (fs::temp_directory_path() / "tradehost-replay-XXXXXX").string();
        if (!::mkdtemp(dir.data())) {
            std::perror("tradehost replay: mkdtemp");
            return kExitRuntime;
        }
    } else if (fs::exists(o.keep, ec)) {
        std::fprintf(stderr, "tradehost replay: --keep %s exists; name a new file\n", o.keep.c_str());
        return kExitUsage;
    }
    const std::string replay_journal = o.keep.empty() ? dir + "/replay.db" : o.keep;
    dep.host.journal = replay_journal;
    dep.host.api_enabled = false;  // the recorded host may be running, on its port
    dep.host.summary = false;
    dep.host.record_inputs = false;
    dep.host.run_duration_ns = 0;  // the replay ends when its inputs do
    dep.host.run_max_events = 0;
    dep.host.log_file.clear();     // not into the deployment's own log
    if (dep.host.log_level == "info" || dep.host.log_level == "debug" || dep.host.log_level == "trace") dep.host.log_level = "warn";
    setup_logging(dep.host.log_level);

    const uint64_t session = recorded.session;
    int code = 0;
    {
        Runtime rt(dep, std::move(plan));
        rt.set_replay(std::make_shared<RecordedSession>(std::move(recorded)));
        const RunResult r = rt.run();
        if (r.exit_code != 0) {
            std::fprintf(stderr, "tradehost replay: the replay failed: %s\n", r.error.c_str());
            code = kExitRuntime;
        }
    }
    if (code == 0) {
        try {
            const SessionComparison c = compare_sessions(o.journal, replay_journal, session);
            std::printf("  recorded: %lld orders, %lld fills\n  replayed: %lld orders, %lld fills\n",
                        static_cast<long long>(c.recorded_orders), static_cast<long long>(c.recorded_fills),
                        static_cast<long long>(c.replayed_orders), static_cast<long long>(c.replayed_fills));
            if (c.same) {
                std::printf("  reproduced: every order and fill is the same\n");
            } else {
                std::printf("  DIFFERENT: the first difference is at\n  %s\n", c.first_difference.c_str());
                code = kExitRuntime;
            }
        } catch (const ReplayError& e) {
            std::fprintf(stderr, "tradehost %s\n", e.what());
            code = kExitRuntime;
        }
    }
    if (!o.keep.empty()) std::printf("  the replay's journal: %s\n", replay_journal.c_str());
    spdlog::default_logger()->flush();
    if (!dir.empty()) fs::remove_all(dir, ec);
    return code;
}

}  // namespace tradehost::cli
