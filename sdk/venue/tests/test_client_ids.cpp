// Client order ids in a venue's limits: kept when they fit, derived (deterministically) when
// not, in the venue's documented form; and the ledger's mapping back, across a save and load.
#include <tradehost/venue/client_ids.hpp>
#include <tradehost/venue/ledger.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>

using tradehost::venue::client_id_fits;
using tradehost::venue::ClientIdFormat;
using tradehost::venue::Ledger;
using tradehost::venue::LedgerOrder;
using tradehost::venue::venue_client_id;

namespace {
const ClientIdFormat kBinance{36, ".:/_-", false, false, true};
const ClientIdFormat kKraken{18, "", true, true, true};
const ClientIdFormat kNotSent{0, "", true, false, false};
// The longest host id: TH_ID_LEN - 1 characters, from a long instance name.
const std::string kLong = "momentum-breakout-eu-session-tkt-170001";

// Binance's ^[\.A-Z\:/a-z0-9_-]{1,36}$, written out (the standard regex trips GCC 12's
// maybe-uninitialized warning under the sanitizers).
bool binance_form(const std::string& id) {
    if (id.empty() || id.size() > 36) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(".:/_-").find(c) == std::string_view::npos)
            return false;
    return true;
}

// A version-4-shaped UUID, lowercase: 8-4-4-4-12 hex, version 4, variant 8/9/a/b.
bool uuid4_form(const std::string& id) {
    if (id.size() != 36) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (id[i] == '-')) return false;
        if (!dash && std::string_view("0123456789abcdef").find(id[i]) == std::string_view::npos) return false;
    }
    return id[14] == '4' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}
}  // namespace

TEST(ClientIds, IdsThatFitAreKept) {
    EXPECT_EQ(venue_client_id(kBinance, "tkt-1-1796164592311"), "tkt-1-1796164592311");
    EXPECT_EQ(venue_client_id(kKraken, "tkt-1-179616459231"), "tkt-1-179616459231");  // 18
    EXPECT_EQ(venue_client_id(ClientIdFormat{}, kLong), kLong);
    EXPECT_EQ(venue_client_id(kNotSent, "any thing at all"), "any thing at all");
    EXPECT_TRUE(client_id_fits(kKraken, "d15708c1-dbb6-465d-b77d-47258319cc90"));  // a UUID, 36 > 18
    EXPECT_FALSE(client_id_fits(kBinance, ""));
    EXPECT_FALSE(client_id_fits(ClientIdFormat{}, "has space"));
}

TEST(ClientIds, BinanceGetsAReadablePrefixAndAHashInItsRegex) {
    ASSERT_EQ(kLong.size(), 39u);
    const std::string id = venue_client_id(kBinance, kLong);
    EXPECT_TRUE(binance_form(id)) << id;
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(id.rfind("momentum-breakout-e", 0), 0u) << id;  // readable in the venue's UI
    EXPECT_EQ(venue_client_id(kBinance, kLong), id);           // the same after a restart
    EXPECT_NE(venue_client_id(kBinance, kLong + "x"), id);
    EXPECT_NE(venue_client_id(kBinance, kLong, 1), id);        // salted: another id
    // Characters outside the charset make an id not fit even when short; they are left out.
    const std::string spaced = venue_client_id(kBinance, "my strat#1");
    EXPECT_TRUE(binance_form(spaced)) << spaced;
}

TEST(ClientIds, KrakenGetsAUuidWhenTheFreeTextIsTooLong) {
    const std::string id = venue_client_id(kKraken, "tkt-1-1796164592311");  // 19 characters
    EXPECT_TRUE(uuid4_form(id)) << id;
    EXPECT_TRUE(client_id_fits(kKraken, id));
    EXPECT_EQ(venue_client_id(kKraken, "tkt-1-1796164592311"), id);
}

TEST(ClientIds, ShortLimitWithoutUuidsIsAllHex) {
    const ClientIdFormat tight{12, "", false, false, true};
    const std::string id = venue_client_id(tight, kLong);
    EXPECT_EQ(id.size(), 12u);
    EXPECT_TRUE(client_id_fits(tight, id)) << id;
}

TEST(ClientIds, LedgerMapsVenueClientIdsBackAcrossASave) {
    Ledger l;
    LedgerOrder o;
    o.client_order_id = kLong;
    o.venue_client_id = venue_client_id(kBinance, kLong);
    o.instrument = 1;
    o.side = TH_SIDE_BUY;
    o.order_qty = 100;
    ASSERT_TRUE(l.add_order(o));
    LedgerOrder plain;
    plain.client_order_id = "short-1";
    plain.side = TH_SIDE_SELL;
    ASSERT_TRUE(l.add_order(plain));
    EXPECT_EQ(l.order("short-1")->venue_client_id, "short-1");  // filled in: sent as it is

    // Another order may not take a name the venue already knows.
    LedgerOrder clash;
    clash.client_order_id = "other";
    clash.venue_client_id = o.venue_client_id;
    EXPECT_FALSE(l.add_order(clash));
    EXPECT_TRUE(l.client_id_taken(o.venue_client_id));

    Ledger back;
    ASSERT_TRUE(back.deserialize(l.serialize()));
    ASSERT_NE(back.order_by_venue_client_id(o.venue_client_id), nullptr);
    EXPECT_EQ(back.order_by_venue_client_id(o.venue_client_id)->client_order_id, kLong);
    ASSERT_NE(back.order_by_venue_client_id("short-1"), nullptr);
    EXPECT_EQ(back.order_by_venue_client_id("short-1")->client_order_id, "short-1");
    EXPECT_EQ(back.order_by_venue_client_id(kLong), nullptr);  // the venue never heard that one
}
