// A recorded session of news and quotes: JSON Lines, one record per line, in time order,
// so replaying it gives every consumer the same events in the same order on every run.
//
//   {"type":"quote","ts":"2024-01-02T14:30:00Z","symbol":"AAPL","bid":"185.10","ask":"185.12",
//    "bid_qty":"100","ask_qty":"100"}
//   {"type":"news","ts":"2024-01-02T14:31:05Z","id":"bz-1","source":"wire","headline":"...",
//    "summary":"...","url":"https://...","symbols":["AAPL"],"language":"en"}
#ifndef TRADEHOST_NEWS_REPLAY_RECORDING_HPP
#define TRADEHOST_NEWS_REPLAY_RECORDING_HPP

#include <tradehost/plugin.h>

#include <functional>
#include <string>
#include <vector>

namespace tradehost::news_replay {

struct Record {
    bool is_news = false;
    th_quote quote{};
    th_news news{};
};

/// Load `path`; `intern` turns symbols into instrument ids. Throws ConfigError
/// "file:line:col: what" on a malformed record or a record older than the one before.
std::vector<Record> load_recording(const std::string& path, const std::function<th_instrument(const std::string&)>& intern);

}  // namespace tradehost::news_replay

#endif
