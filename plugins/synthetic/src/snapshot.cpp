// Generator state as versioned text for hot reload. Doubles travel as their bit patterns
// so a restored path continues bit for bit.
//
//   synthetic 1
//   emitted <n> cursor <i> paths <k>
//   path <symbol> <steps> <log_px bits> <price_rng s0..s3> <has_spare> <spare bits> <micro_rng s0..s3>
#include "generator.hpp"

#include <cstring>
#include <sstream>

namespace tradehost::synthetic {

namespace {
uint64_t bits_of(double d) {
    uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    return u;
}
double double_of(uint64_t u) {
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
}
constexpr int kVersion = 1;
}  // namespace

std::string Generator::snapshot() const {
    std::ostringstream o;
    o << "synthetic " << kVersion << "\n";
    o << "emitted " << emitted_ << " cursor " << cursor_ << " paths " << paths_.size() << "\n";
    for (const Path& p : paths_) {
        o << "path " << p.symbol << ' ' << p.steps << ' ' << bits_of(p.log_px);
        for (uint64_t w : p.price_rng.s) o << ' ' << w;
        o << ' ' << (p.normal.has_spare ? 1 : 0) << ' ' << bits_of(p.normal.spare);
        for (uint64_t w : p.micro_rng.s) o << ' ' << w;
        o << "\n";
    }
    return o.str();
}

void Generator::restore(std::string_view blob) {
    std::istringstream in{std::string(blob)};
    std::string word;
    int version = 0;
    if (!(in >> word >> version) || word != "synthetic")
        throw InvalidArgument("synthetic snapshot: bad header");
    if (version != kVersion)
        throw InvalidArgument("synthetic snapshot: version " + std::to_string(version) + " is not supported");
    uint64_t emitted = 0, cursor = 0, count = 0;
    std::string w1, w2, w3;
    if (!(in >> w1 >> emitted >> w2 >> cursor >> w3 >> count) || w1 != "emitted" || w2 != "cursor" || w3 != "paths")
        throw InvalidArgument("synthetic snapshot: bad counters line");
    if (count != paths_.size() || cursor >= paths_.size())
        throw InvalidArgument("synthetic snapshot: it has " + std::to_string(count) +
                              " instruments, this config has " + std::to_string(paths_.size()));
    std::vector<Path> paths = paths_;
    for (Path& p : paths) {
        std::string sym;
        uint64_t log_bits = 0, spare_bits = 0;
        int has_spare = 0;
        if (!(in >> word >> sym >> p.steps >> log_bits) || word != "path")
            throw InvalidArgument("synthetic snapshot: bad path line");
        if (sym != p.symbol)
            throw InvalidArgument("synthetic snapshot: instrument '" + sym + "' where config has '" + p.symbol + "'");
        for (uint64_t& w : p.price_rng.s) in >> w;
        in >> has_spare >> spare_bits;
        for (uint64_t& w : p.micro_rng.s) in >> w;
        if (!in) throw InvalidArgument("synthetic snapshot: truncated path of '" + sym + "'");
        p.log_px = double_of(log_bits);
        p.normal.has_spare = has_spare != 0;
        p.normal.spare = double_of(spare_bits);
    }
    paths_ = std::move(paths);
    emitted_ = emitted;
    cursor_ = static_cast<size_t>(cursor);
    out_of_time_ = time_exhausted(paths_[cursor_]);
}

}  // namespace tradehost::synthetic
