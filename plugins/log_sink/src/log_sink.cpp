// The log_sink instance; see log_sink.hpp.
#include "log_sink.hpp"

#include "format.hpp"

#include <cerrno>
#include <cstring>

namespace tradehost::log_sink {

LogSink::LogSink(Host host, const Config& cfg) : host_(host), every_(cfg.get_int("every")) {
    const auto kinds = cfg.has("kinds") ? cfg.get_list("kinds") : std::vector<std::string>{};
    wanted_.fill(kinds.empty());
    for (const auto& k : kinds) {
        const int type = kind_of(k);
        if (type < 0)
            throw ConfigError("kinds: unknown event kind '" + k +
                              "' (known: quote, trade, bar, order_request, execution_report, fill, position, signal, "
                              "balance, venue_status, book, odds, news, sentiment, features, target, settlement, custom)");
        wanted_[slot(static_cast<uint16_t>(type))] = true;
    }
    path_ = cfg.get_string("file");
    if (!path_.empty()) {
        // Appended, so a restart keeps what the last session wrote.
        file_ = std::fopen(path_.c_str(), "a");
        if (!file_) throw ConfigError("file: cannot open '" + path_ + "' for appending: " + std::strerror(errno));
    }
}

LogSink::~LogSink() {
    if (file_) std::fclose(file_);
}

void LogSink::on_event(uint32_t, const th_event_header& ev) {
    const size_t s = slot(ev.type);
    const bool flagged = ev.type == TH_EV_SIGNAL && signal_strength_out_of_range(ev);
    if (flagged) {
        // Flag it whether or not the line is logged: a sign in strength is a miswired model.
        if (out_of_range_++ == 0)
            host_.warn("signal strength outside [0, 1]: strength is a confidence, the direction is value's sign "
                       "(docs/abi.md, th_signal); further ones are counted in signals_out_of_range");
        host_.metric_add("signals_out_of_range", 1);
    }
    const char* kind = kind_name(ev.type);
    host_.metric_add((std::string("events_") + (kind[0] ? kind : "unknown")).c_str(), 1);
    if (!wanted_[s] || seen_[s]++ % every_ != 0) return;
    std::string line = format_time(ev.ts) + " " + (kind[0] ? kind : "event") + " " +
                       format_body(ev, [this](th_instrument id) {
                           std::string sym = id ? host_.symbol(id) : std::string();
                           return sym.empty() ? "#" + std::to_string(id) : sym;
                       });
    if (file_) {
        line += '\n';
        if (std::fwrite(line.data(), 1, line.size(), file_) != line.size())
            throw Error(TH_ERR_IO, "cannot write to '" + path_ + "': " + std::strerror(errno));
    } else {
        host_.info(line);
    }
}

void LogSink::stop() {
    int64_t total = 0;
    std::string counts;
    for (size_t s = 0; s < kSlots; ++s) {
        if (!seen_[s]) continue;
        total += seen_[s];
        const char* kind = kind_name(s == kSlots - 1 ? static_cast<uint16_t>(TH_EV_CUSTOM) : static_cast<uint16_t>(s));
        counts += (counts.empty() ? "" : ", ") + std::string(kind[0] ? kind : "unknown") + " " + std::to_string(seen_[s]);
    }
    std::string msg = "received " + std::to_string(total) + " events" + (counts.empty() ? "" : " (" + counts + ")");
    if (out_of_range_) msg += "; " + std::to_string(out_of_range_) + " signals with strength outside [0, 1]";
    host_.info(msg);
    if (file_ && std::fflush(file_) != 0) host_.warn("cannot flush '" + path_ + "': " + std::strerror(errno));
}

}  // namespace tradehost::log_sink
