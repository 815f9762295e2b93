// `tradehost tca`: transaction cost analysis of a journal's session, per parent order
// (docs/operator-guide.md, "Transaction cost analysis").
#include "cli/commands.hpp"
#include "tca/tca.hpp"

#include <cstdio>
#include <cstdlib>

namespace tradehost::cli {

namespace {

const char* kTcaHelp =
    "usage: tradehost tca JOURNAL [--session N] [--decisions]\n"
    "\n"
    "Prints the transaction costs of the parent orders of a session of JOURNAL (the latest,\n"
    "or session N): orders an execution algorithm (exec_algos) worked into child orders.\n"
    "Per parent: the arrival price (quote mid when it arrived), the VWAP of the trade prints\n"
    "from its arrival to its last fill, the implementation shortfall of what filled (average\n"
    "price against arrival, in bps and in money with fees), and the slippage of each child\n"
    "against the arrival and against the mid when the child was sent. Prices come from the\n"
    "inputs the session recorded (host.record_inputs: true); without them those are n/a.\n"
    "--decisions adds, per parent, the decision log's chain (table decisions): the target its\n"
    "children work <- the target or picks it came from <- the signals, each with its inputs,\n"
    "linked by decision id (ABI 1.3).\n"
    "Exit codes: 0 printed, 1 the journal or session cannot be read, 64 usage.\n";

}  // namespace

int cmd_tca(const Args& args) {
    if (wants_help(args)) {
        std::fputs(kTcaHelp, stdout);
        return 0;
    }
    std::string journal;
    uint64_t session = 0;
    bool decisions = false;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--session" && i + 1 < args.size()) {
            char* end = nullptr;
            const unsigned long long n = std::strtoull(args[++i].c_str(), &end, 10);
            if (!end || *end || n == 0) {
                std::fputs(kTcaHelp, stderr);
                return kExitUsage;
            }
            session = n;
        } else if (args[i] == "--decisions") {
            decisions = true;
        } else if (journal.empty() && !args[i].empty() && args[i][0] != '-') {
            journal = args[i];
        } else {
            std::fputs(kTcaHelp, stderr);
            return kExitUsage;
        }
    }
    if (journal.empty()) {
        std::fputs(kTcaHelp, stderr);
        return kExitUsage;
    }
    try {
        std::fputs(tca::format(tca::analyse(journal, session, decisions)).c_str(), stdout);
    } catch (const tca::TcaError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitRuntime;
    }
    return 0;
}

}  // namespace tradehost::cli
