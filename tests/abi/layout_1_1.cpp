// The ABI guard for 1.1: the layout of every struct and constant that ABI 1.1 added, frozen
// like layout_1_0.cpp (which still checks every 1.0 offset). A later minor may only append:
// then relax a size line here to >= and add the new fields' offsets in its own file.
// (Generated from sdk/include/tradehost/plugin.h 1.1 on x86-64/gcc; see docs/abi.md.)
#include <tradehost/plugin.h>

#include <cstddef>

static_assert(sizeof(th_book_level) == 16, "th_book_level size");
static_assert(offsetof(th_book_level, px) == 0, "th_book_level.px");
static_assert(offsetof(th_book_level, qty) == 8, "th_book_level.qty");
static_assert(sizeof(th_book) == 16064, "th_book size");
static_assert(offsetof(th_book, hdr) == 0, "th_book.hdr");
static_assert(offsetof(th_book, instrument) == 32, "th_book.instrument");
static_assert(offsetof(th_book, snapshot) == 36, "th_book.snapshot");
static_assert(offsetof(th_book, checksum) == 37, "th_book.checksum");
static_assert(offsetof(th_book, bid_count) == 38, "th_book.bid_count");
static_assert(offsetof(th_book, ask_count) == 40, "th_book.ask_count");
static_assert(offsetof(th_book, reserved) == 42, "th_book.reserved");
static_assert(offsetof(th_book, reserved2) == 44, "th_book.reserved2");
static_assert(offsetof(th_book, venue_seq) == 48, "th_book.venue_seq");
static_assert(offsetof(th_book, first_venue_seq) == 56, "th_book.first_venue_seq");
static_assert(offsetof(th_book, levels) == 64, "th_book.levels");
static_assert(sizeof(th_odds) == 240, "th_odds size");
static_assert(offsetof(th_odds, hdr) == 0, "th_odds.hdr");
static_assert(offsetof(th_odds, instrument) == 32, "th_odds.instrument");
static_assert(offsetof(th_odds, market) == 36, "th_odds.market");
static_assert(offsetof(th_odds, side) == 37, "th_odds.side");
static_assert(offsetof(th_odds, has_point) == 38, "th_odds.has_point");
static_assert(offsetof(th_odds, reserved) == 39, "th_odds.reserved");
static_assert(offsetof(th_odds, reserved2) == 40, "th_odds.reserved2");
static_assert(offsetof(th_odds, price) == 48, "th_odds.price");
static_assert(offsetof(th_odds, point) == 56, "th_odds.point");
static_assert(offsetof(th_odds, size) == 64, "th_odds.size");
static_assert(offsetof(th_odds, event_id) == 72, "th_odds.event_id");
static_assert(offsetof(th_odds, bookmaker) == 112, "th_odds.bookmaker");
static_assert(offsetof(th_odds, outcome) == 144, "th_odds.outcome");
static_assert(offsetof(th_odds, market_key) == 208, "th_odds.market_key");
static_assert(sizeof(th_news) == 2008, "th_news size");
static_assert(offsetof(th_news, hdr) == 0, "th_news.hdr");
static_assert(offsetof(th_news, updated) == 32, "th_news.updated");
static_assert(offsetof(th_news, instrument_count) == 40, "th_news.instrument_count");
static_assert(offsetof(th_news, reserved) == 42, "th_news.reserved");
static_assert(offsetof(th_news, reserved2) == 44, "th_news.reserved2");
static_assert(offsetof(th_news, instruments) == 48, "th_news.instruments");
static_assert(offsetof(th_news, id) == 112, "th_news.id");
static_assert(offsetof(th_news, source) == 176, "th_news.source");
static_assert(offsetof(th_news, language) == 208, "th_news.language");
static_assert(offsetof(th_news, headline) == 216, "th_news.headline");
static_assert(offsetof(th_news, url) == 472, "th_news.url");
static_assert(offsetof(th_news, summary) == 984, "th_news.summary");
static_assert(sizeof(th_sentiment) == 152, "th_sentiment size");
static_assert(offsetof(th_sentiment, hdr) == 0, "th_sentiment.hdr");
static_assert(offsetof(th_sentiment, instrument) == 32, "th_sentiment.instrument");
static_assert(offsetof(th_sentiment, reserved) == 36, "th_sentiment.reserved");
static_assert(offsetof(th_sentiment, score) == 40, "th_sentiment.score");
static_assert(offsetof(th_sentiment, confidence) == 48, "th_sentiment.confidence");
static_assert(offsetof(th_sentiment, news_id) == 56, "th_sentiment.news_id");
static_assert(offsetof(th_sentiment, scorer) == 120, "th_sentiment.scorer");
static_assert(sizeof(th_features) == 88, "th_features size");
static_assert(offsetof(th_features, hdr) == 0, "th_features.hdr");
static_assert(offsetof(th_features, instrument) == 32, "th_features.instrument");
static_assert(offsetof(th_features, rows) == 36, "th_features.rows");
static_assert(offsetof(th_features, cols) == 38, "th_features.cols");
static_assert(offsetof(th_features, schema_hash) == 40, "th_features.schema_hash");
static_assert(offsetof(th_features, batch_seq) == 48, "th_features.batch_seq");
static_assert(offsetof(th_features, part) == 52, "th_features.part");
static_assert(offsetof(th_features, parts) == 54, "th_features.parts");
static_assert(offsetof(th_features, schema) == 56, "th_features.schema");
static_assert(sizeof(th_target) >= 184, "th_target size");  // 256 since 1.3 (layout_1_3.cpp)
static_assert(offsetof(th_target, hdr) == 0, "th_target.hdr");
static_assert(offsetof(th_target, instrument) == 32, "th_target.instrument");
static_assert(offsetof(th_target, kind) == 36, "th_target.kind");
static_assert(offsetof(th_target, urgency) == 37, "th_target.urgency");
static_assert(offsetof(th_target, reserved) == 38, "th_target.reserved");
static_assert(offsetof(th_target, value) == 40, "th_target.value");
static_assert(offsetof(th_target, horizon_ns) == 48, "th_target.horizon_ns");
static_assert(offsetof(th_target, strategy) == 56, "th_target.strategy");
static_assert(offsetof(th_target, reason) == 88, "th_target.reason");
static_assert(sizeof(th_settlement) == 184, "th_settlement size");
static_assert(offsetof(th_settlement, hdr) == 0, "th_settlement.hdr");
static_assert(offsetof(th_settlement, instrument) == 32, "th_settlement.instrument");
static_assert(offsetof(th_settlement, kind) == 36, "th_settlement.kind");
static_assert(offsetof(th_settlement, reserved) == 37, "th_settlement.reserved");
static_assert(offsetof(th_settlement, price) == 40, "th_settlement.price");
static_assert(offsetof(th_settlement, event_id) == 48, "th_settlement.event_id");
static_assert(offsetof(th_settlement, text) == 88, "th_settlement.text");
static_assert(sizeof(th_execution_report) == 304, "th_execution_report size");
static_assert(offsetof(th_execution_report, orig_client_order_id) == 264, "th_execution_report.orig_client_order_id");
static_assert(sizeof(th_instrument_info) == 144, "th_instrument_info size");
static_assert(offsetof(th_instrument_info, size) == 0, "th_instrument_info.size");
static_assert(offsetof(th_instrument_info, asset_class) == 4, "th_instrument_info.asset_class");
static_assert(offsetof(th_instrument_info, reserved) == 6, "th_instrument_info.reserved");
static_assert(offsetof(th_instrument_info, tick_size) == 8, "th_instrument_info.tick_size");
static_assert(offsetof(th_instrument_info, lot_size) == 16, "th_instrument_info.lot_size");
static_assert(offsetof(th_instrument_info, min_qty) == 24, "th_instrument_info.min_qty");
static_assert(offsetof(th_instrument_info, min_price) == 32, "th_instrument_info.min_price");
static_assert(offsetof(th_instrument_info, max_price) == 40, "th_instrument_info.max_price");
static_assert(offsetof(th_instrument_info, expiry) == 48, "th_instrument_info.expiry");
static_assert(offsetof(th_instrument_info, currency) == 56, "th_instrument_info.currency");
static_assert(offsetof(th_instrument_info, venue) == 72, "th_instrument_info.venue");
static_assert(offsetof(th_instrument_info, group) == 104, "th_instrument_info.group");
static_assert(sizeof(th_host_api) == 208, "th_host_api size");
static_assert(offsetof(th_host_api, instrument_set_info) == 192, "th_host_api.instrument_set_info");
static_assert(offsetof(th_host_api, instrument_get_info) == 200, "th_host_api.instrument_get_info");

// The biggest fixed-size book still fits one event.
static_assert(sizeof(th_book) <= TH_EVENT_MAX_SIZE, "th_book fits TH_EVENT_MAX_SIZE");
static_assert(TH_FEATURES_MAX_VALUES == (TH_EVENT_MAX_SIZE - sizeof(th_features)) / sizeof(float),
              "TH_FEATURES_MAX_VALUES");
static_assert(sizeof(th_news) <= TH_EVENT_MAX_SIZE, "th_news fits");
// Values of 1.1 constants and enumerators never change.
static_assert(TH_ABI_VERSION_MINOR >= 1, "TH_ABI_VERSION_MINOR");
static_assert(TH_EV_BOOK == 11, "TH_EV_BOOK");
static_assert(TH_EV_ODDS == 12, "TH_EV_ODDS");
static_assert(TH_EV_NEWS == 13, "TH_EV_NEWS");
static_assert(TH_EV_SENTIMENT == 14, "TH_EV_SENTIMENT");
static_assert(TH_EV_FEATURES == 15, "TH_EV_FEATURES");
static_assert(TH_EV_TARGET == 16, "TH_EV_TARGET");
static_assert(TH_EV_SETTLEMENT == 17, "TH_EV_SETTLEMENT");
static_assert(TH_BOOK_MAX_LEVELS == 1000, "TH_BOOK_MAX_LEVELS");
static_assert(TH_BOOK_CHECKSUM_NONE == 0, "TH_BOOK_CHECKSUM_NONE");
static_assert(TH_BOOK_CHECKSUM_VERIFIED == 1, "TH_BOOK_CHECKSUM_VERIFIED");
static_assert(TH_ODDS_H2H == 1, "TH_ODDS_H2H");
static_assert(TH_ODDS_SPREAD == 2, "TH_ODDS_SPREAD");
static_assert(TH_ODDS_TOTAL == 3, "TH_ODDS_TOTAL");
static_assert(TH_ODDS_OUTRIGHT == 4, "TH_ODDS_OUTRIGHT");
static_assert(TH_ODDS_OTHER == 5, "TH_ODDS_OTHER");
static_assert(TH_NEWS_MAX_INSTRUMENTS == 16, "TH_NEWS_MAX_INSTRUMENTS");
static_assert(TH_NEWS_SUMMARY_LEN == 1024, "TH_NEWS_SUMMARY_LEN");
static_assert(TH_FEATURES_MAX_VALUES == 4074, "TH_FEATURES_MAX_VALUES value");
static_assert(TH_TARGET_QTY == 1, "TH_TARGET_QTY");
static_assert(TH_TARGET_WEIGHT == 2, "TH_TARGET_WEIGHT");
static_assert(TH_TARGET_NOTIONAL == 3, "TH_TARGET_NOTIONAL");
static_assert(TH_SETTLE_RESOLVED == 1, "TH_SETTLE_RESOLVED");
static_assert(TH_SETTLE_BET_RESULT == 2, "TH_SETTLE_BET_RESULT");
static_assert(TH_SETTLE_EXPIRY == 3, "TH_SETTLE_EXPIRY");
static_assert(TH_SETTLE_VOID == 4, "TH_SETTLE_VOID");
static_assert(TH_ASSET_UNKNOWN == 0, "TH_ASSET_UNKNOWN");
static_assert(TH_ASSET_EQUITY == 1, "TH_ASSET_EQUITY");
static_assert(TH_ASSET_FX == 2, "TH_ASSET_FX");
static_assert(TH_ASSET_CRYPTO == 3, "TH_ASSET_CRYPTO");
static_assert(TH_ASSET_PREDICTION_OUTCOME == 4, "TH_ASSET_PREDICTION_OUTCOME");
static_assert(TH_ASSET_BETTING_SELECTION == 5, "TH_ASSET_BETTING_SELECTION");
static_assert(TH_ASSET_FANTASY_PLAYER == 6, "TH_ASSET_FANTASY_PLAYER");
static_assert(TH_ASSET_FUTURE == 7, "TH_ASSET_FUTURE");
static_assert(TH_ASSET_OPTION == 8, "TH_ASSET_OPTION");

int tradehost_abi_layout_1_1_checked = 1;
