#include "tca/decisions.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

namespace tradehost::tca {

namespace {

using Stmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Stmt prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        throw TcaError(std::string("tca: cannot read the decision log: ") + sqlite3_errmsg(db));
    return Stmt(s, &sqlite3_finalize);
}

std::string text(sqlite3_stmt* s, int col) {
    const unsigned char* t = sqlite3_column_text(s, col);
    return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

std::vector<uint64_t> parse_ids(const std::string& text) {
    std::vector<uint64_t> out;
    if (text.size() < 2 || text.front() != '[' || text.back() != ']') return out;
    const char* p = text.c_str() + 1;
    while (*p && *p != ']') {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(p, &end, 10);
        if (end == p) return {};
        if (v != 0) out.push_back(v);
        p = end;
        if (*p == ',') ++p;
    }
    return out;
}

namespace {

// Columns: id, ts, source, kind, instrument, value, ref, inputs, causes.
Decision read_row(sqlite3_stmt* s) {
    Decision d;
    d.id = static_cast<uint64_t>(sqlite3_column_int64(s, 0));  // NULL (older publisher) reads 0
    d.ts = sqlite3_column_int64(s, 1);
    d.source = text(s, 2);
    d.kind = text(s, 3);
    d.instrument = text(s, 4);
    d.value = sqlite3_column_double(s, 5);
    d.ref = text(s, 6);
    d.inputs = text(s, 7);
    d.causes = parse_ids(text(s, 8));
    return d;
}

// Work resumed after a restart names causes an earlier session decided: the host's ids are
// unique in the journal (they continue above its highest), so each is looked up by id. A
// journal from before that rule may hold an id twice; the latest earlier session's row wins.
void load_earlier_causes(sqlite3* db, uint64_t session, Report& r) {
    Stmt s = prepare(db, "SELECT id, ts, source, kind, instrument, value, ref, inputs, causes FROM decisions "
                         "WHERE id=? AND session<? ORDER BY session DESC, rowid LIMIT 1");
    std::vector<uint64_t> todo;
    auto want = [&](const std::vector<uint64_t>& ids) {
        for (uint64_t c : ids)
            if (!r.decisions.count(c)) todo.push_back(c);
    };
    for (const auto& [id, d] : r.decisions) want(d.causes);
    for (const ParentCost& p : r.parents) want(p.causes);
    std::set<uint64_t> tried;
    while (!todo.empty()) {
        const uint64_t id = todo.back();
        todo.pop_back();
        if (r.decisions.count(id) || !tried.insert(id).second) continue;
        sqlite3_reset(s.get());
        sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(id));
        sqlite3_bind_int64(s.get(), 2, static_cast<int64_t>(session));
        const int rc = sqlite3_step(s.get());
        if (rc == SQLITE_DONE) continue;  // not journaled: the chain shows it as missing
        if (rc != SQLITE_ROW) throw TcaError(std::string("tca: cannot read the decision log: ") + sqlite3_errmsg(db));
        Decision d = read_row(s.get());
        want(d.causes);
        r.decisions.emplace(id, std::move(d));
    }
}

}  // namespace

void load_decisions(sqlite3* db, uint64_t session, Report& r) {
    {
        Stmt s = prepare(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='decisions'");
        r.has_decisions = sqlite3_step(s.get()) == SQLITE_ROW;
    }
    if (!r.has_decisions) return;
    // Orders (an algorithm's children) by client order id: their cause is the parent's link.
    std::map<std::string, std::vector<uint64_t>> order_causes;
    Stmt s = prepare(db, "SELECT id, ts, source, kind, instrument, value, ref, inputs, causes FROM decisions "
                         "WHERE session=? ORDER BY rowid");
    sqlite3_bind_int64(s.get(), 1, static_cast<int64_t>(session));
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        Decision d = read_row(s.get());
        if (d.kind == "order") order_causes.try_emplace(d.ref, d.causes);  // first publisher: the algorithm
        if (d.id != 0) r.decisions.emplace(d.id, std::move(d));
    }
    if (rc != SQLITE_DONE) throw TcaError(std::string("tca: cannot read the decision log: ") + sqlite3_errmsg(db));
    for (ParentCost& p : r.parents) {
        std::set<uint64_t> seen;
        // A parent from an order request may itself be a caused order; its children name it.
        std::vector<std::string> ids{p.id};
        for (const ChildCost& c : p.children) ids.push_back(c.id);
        for (const std::string& id : ids) {
            auto it = order_causes.find(id);
            if (it == order_causes.end()) continue;
            for (uint64_t c : it->second)
                if (seen.insert(c).second) p.causes.push_back(c);
        }
    }
    load_earlier_causes(db, session, r);
}

}  // namespace tradehost::tca

namespace tradehost::tca {

namespace {

void chain_lines(const Report& r, uint64_t id, int depth, std::set<uint64_t>& on_path, std::string& out) {
    std::string pad(static_cast<size_t>(4 + 2 * depth), ' ');
    if (depth > 0) pad += "<- ";
    auto it = r.decisions.find(id);
    if (it == r.decisions.end()) {
        out += pad + "#" + std::to_string(id) + " (not in the decision log)\n";
        return;
    }
    const Decision& d = it->second;
    out += pad + d.kind + " #" + std::to_string(d.id) + " " + d.instrument + " by " + d.source + " " + d.inputs + "\n";
    if (!on_path.insert(id).second) return;  // a cycle cannot come from the host's ids; guard anyway
    for (uint64_t c : d.causes) chain_lines(r, c, depth + 1, on_path, out);
    on_path.erase(id);
}

}  // namespace

std::string format_chain(const Report& r, const ParentCost& parent) {
    std::string out;
    std::set<uint64_t> on_path;
    for (uint64_t id : parent.causes) chain_lines(r, id, 0, on_path, out);
    return out;
}

}  // namespace tradehost::tca
