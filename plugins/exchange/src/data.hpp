// exchange: market data: one stream for the configured `symbols`, publishing quotes and
// trades; a reconnect publishes a GAP status (prints during the outage are lost), and so does
// a jump in the venue's message sequence number where it has one.
//
// Order books (`book_depth` > 0): one venue::Book per symbol, kept from the venue's stream and
// published as a th_book snapshot of the top `book_depth` levels per side on the books port
// after every message that changed it (snapshots, not deltas: the bus may coalesce or drop
// market data, and a dropped delta would corrupt every consumer's book). Sync per dialect:
//  - rest_snapshot (Binance): the first diff event of a symbol is buffered, the REST snapshot
//    fetched (again while its lastUpdateId < the first event's U), buffered events applied by
//    the U/u rule; an event with U > book id + 1 is a gap: GAP status, the book is dropped and
//    synced again from a new snapshot.
//  - stream (Kraken, Coinbase): the stream's snapshot, then deltas; Kraken's checksum is
//    verified after each message (book truncated to the subscribed depth first); a mismatch,
//    or a sequence gap (Coinbase), publishes GAP and resubscribes the symbol's book.
#pragma once

#include "config.hpp"
#include "dialect.hpp"
#include "http.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/book.hpp>
#include <tradehost/venue/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tradehost::exchange {

class MarketData {
public:
    MarketData(Host host, const Dialect& dialect, const ExchangeConfig& cfg);
    ~MarketData();
    void start();
    void stop();

private:
    struct BookFeed {
        explicit BookFeed(std::size_t levels) : book(levels) {}
        std::string symbol;
        th_instrument id = 0;
        venue::Book book;
        bool synced = false;               // the book may be published
        std::vector<BookUpdate> pending;   // rest_snapshot: events buffered until the snapshot
        int price_decimals = -1, qty_decimals = -1;  // from the snapshot's text (checksum)
    };

    void on_message(std::string_view text);
    void check_sequence(int64_t seq);
    th_instrument instrument(const std::string& symbol);

    void on_book(const BookUpdate& u);
    void on_rest_synced_book(BookFeed& f, const BookUpdate& u);
    void on_stream_book(BookFeed& f, const BookUpdate& u);
    /// Binance: snapshot from REST, then the buffered events; false (book not synced) on failure.
    bool sync_from_rest(BookFeed& f);
    static void apply_levels(venue::Book& b, const BookUpdate& u);
    void publish_book(BookFeed& f, bool checksum_verified);
    /// The book is wrong: GAP status, dropped until synced again (Kraken/Coinbase: resubscribed).
    void book_lost(BookFeed& f, const std::string& why);
    void resubscribe(BookFeed& f);

    Host host_;
    const Dialect& dialect_;
    const ExchangeConfig& cfg_;
    venue::json::Decoder decoder_;  // used on the stream's thread only
    MarketMessage message_;  // reused per message (stream thread only)
    std::unordered_map<std::string, th_instrument> ids_;
    std::optional<int64_t> last_sequence_;  // stream thread only; reset at each connect
    std::unordered_map<std::string, std::unique_ptr<BookFeed>> feeds_;  // by symbol; stream thread
    std::unique_ptr<RestSession> rest_;     // Binance book snapshots (stream thread)
    std::unique_ptr<th_book> event_;        // the th_book published (16 KB, reused)
    std::unique_ptr<StreamLink> link_;
};

}  // namespace tradehost::exchange
