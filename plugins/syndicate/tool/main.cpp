// tradehost-syndicate: the syndicate ledger's command line. `tradehost syndicate ARGS` runs it.
//
//   tradehost syndicate --db FILE member add NAME [--role manager|member] [--max AMOUNT] [--date D]
//   tradehost syndicate --db FILE contribute NAME AMOUNT [--date D]
//   tradehost syndicate --db FILE withdraw NAME AMOUNT [--date D]
//   tradehost syndicate --db FILE pnl AMOUNT [--source S] [--ref ID] [--date D]
//   tradehost syndicate --db FILE fee management BPS_PER_YEAR DAYS [--date D]
//   tradehost syndicate --db FILE fee performance BPS [--date D]
//   tradehost syndicate --db FILE report [--entries]
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "ledger.hpp"
#include "statement.hpp"

namespace {

constexpr int kExitRuntime = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitUsage = 64;

const char* kUsage =
    "usage: tradehost syndicate --db FILE COMMAND\n"
    "  member add NAME [--role manager|member] [--max AMOUNT]   a member (--max: net contribution limit)\n"
    "  contribute NAME AMOUNT          buy units at the NAV per unit\n"
    "  withdraw NAME AMOUNT            sell units at the NAV per unit\n"
    "  pnl AMOUNT [--source S] [--ref ID]   a fill's or settlement's profit (negative: loss); --ref books it once\n"
    "  fee management BPS_PER_YEAR DAYS    NAV x bps x days/365 to the manager\n"
    "  fee performance BPS             bps of each member's gain over his own high-water mark\n"
    "  report [--entries]              the member statement (and the audit trail)\n"
    "Every command takes --date YYYY-MM-DD (default today, UTC). Amounts are dollars with up to 2 decimals.\n";

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

struct UsageError {
    std::string what;
};

syndicate::Cents amount(const std::string& text) {
    auto c = syndicate::parse_cents(text);
    if (!c) throw UsageError{"\"" + text + "\" is not an amount (dollars, up to 2 decimals)"};
    return *c;
}

int64_t whole(const std::string& text) {
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw UsageError{"\"" + text + "\" is not a whole number"};
}

}  // namespace

int main(int argc, char** argv) {
    using namespace syndicate;
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string db, date = today(), role = "member", source, ref;
    Cents max = 0;
    bool show_entries = false;
    std::vector<std::string> words;
    try {
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            auto value = [&]() -> const std::string& {
                if (i + 1 >= args.size()) throw UsageError{"option " + a + " needs a value"};
                return args[++i];
            };
            if (a == "-h" || a == "--help") {
                std::fputs(kUsage, stdout);
                return 0;
            } else if (a == "--db") db = value();
            else if (a == "--date") date = value();
            else if (a == "--role") role = value();
            else if (a == "--max") max = amount(value());
            else if (a == "--source") source = value();
            else if (a == "--ref") ref = value();
            else if (a == "--entries") show_entries = true;
            else if (a.size() > 1 && a[0] == '-' && !parse_cents(a)) throw UsageError{"unknown option " + a};
            else words.push_back(a);
        }
        if (db.empty()) throw UsageError{"--db is required"};
        if (words.empty()) throw UsageError{"missing command"};
        auto need = [&](size_t n) {
            if (words.size() != n) throw UsageError{"\"" + words[0] + "\" takes " + std::to_string(n - 1) + " arguments"};
        };
        Ledger ledger(db);
        const std::string& cmd = words[0];
        if (cmd == "member") {
            need(3);
            if (words[1] != "add") throw UsageError{"member: only \"member add NAME\""};
            ledger.add_member(words[2], role, max, date);
        } else if (cmd == "contribute") {
            need(3);
            const MicroUnits u = ledger.contribute(words[1], amount(words[2]), date);
            std::printf("%s bought %s units\n", words[1].c_str(), format_units(u).c_str());
        } else if (cmd == "withdraw") {
            need(3);
            const MicroUnits u = ledger.withdraw(words[1], amount(words[2]), date);
            std::printf("%s sold %s units\n", words[1].c_str(), format_units(u).c_str());
        } else if (cmd == "pnl") {
            need(2);
            if (!ledger.record_pnl(amount(words[1]), source, ref, date))
                std::printf("ref %s is already booked; nothing changed\n", ref.c_str());
        } else if (cmd == "fee") {
            if (words.size() < 2) throw UsageError{"fee: management or performance"};
            Cents fee = 0;
            if (words[1] == "management") {
                need(4);
                fee = ledger.charge_management_fee(whole(words[2]), whole(words[3]), date);
            } else if (words[1] == "performance") {
                need(3);
                fee = ledger.charge_performance_fee(whole(words[2]), date);
            } else {
                throw UsageError{"fee: management or performance, not \"" + words[1] + "\""};
            }
            std::printf("fee %s\n", format_cents(fee).c_str());
        } else if (cmd == "report") {
            need(1);
            std::fputs(format_statement(make_statement(ledger)).c_str(), stdout);
            if (show_entries) {
                std::printf("\n%5s %-10s %-16s %-12s %14s %18s %14s %s\n", "seq", "date", "kind", "member", "amount", "units", "NAV after",
                            "source/ref");
                for (const Entry& e : ledger.entries())
                    std::printf("%5lld %-10s %-16s %-12s %14s %18s %14s %s%s%s\n", static_cast<long long>(e.seq), e.date.c_str(),
                                e.kind.c_str(), e.member.c_str(), format_cents(e.amount).c_str(), format_units(e.units_delta).c_str(),
                                format_cents(e.nav_after).c_str(), e.source.c_str(), e.ref.empty() ? "" : " ", e.ref.c_str());
            }
        } else {
            throw UsageError{"unknown command \"" + cmd + "\""};
        }
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "tradehost syndicate: %s\n%s", e.what.c_str(), kUsage);
        return kExitUsage;
    } catch (const LedgerError& e) {
        std::fprintf(stderr, "tradehost syndicate: %s\n", e.what());
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tradehost syndicate: %s\n", e.what());
        return kExitRuntime;
    }
}
