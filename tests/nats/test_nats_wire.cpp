// The wire form of an event on a NATS edge: the struct as it is, its instruments resolved
// by symbol at each end (ids are host-local), and message ids that survive a republish.
#include "common/instruments.hpp"
#include "nats/link.hpp"
#include "nats/outlet.hpp"
#include "nats/wire.hpp"

#include <gtest/gtest.h>

#include <cstring>

using namespace tradehost;

namespace {

th_fill make_fill(th_instrument id) {
    th_fill f{};
    f.hdr.size = sizeof f;
    f.hdr.type = TH_EV_FILL;
    f.hdr.version = 1;
    f.hdr.ts = 1'700'000'000'000'000'000;
    f.hdr.seq = 7;
    f.hdr.source = 3;
    f.instrument = id;
    f.side = TH_SIDE_BUY;
    f.px = 101 * TH_FIXED_SCALE;
    f.qty = 50 * TH_FIXED_SCALE;
    std::strcpy(f.client_order_id, "strategy-1-9");
    std::strcpy(f.fill_id, "paper-f-4");
    return f;
}

}  // namespace

TEST(NatsWire, TheReceiverMapsTheSymbolToItsOwnInstrumentId) {
    InstrumentTable sender, receiver;
    sender.intern("AAPL");
    const th_instrument msft_there = sender.intern("MSFT");  // 2 at the sender
    receiver.intern("ETH-USD");
    receiver.intern("BTC-USD");
    const th_instrument msft_here = receiver.intern("MSFT");  // 3 at the receiver
    ASSERT_NE(msft_there, msft_here);

    const th_fill f = make_fill(msft_there);
    std::vector<unsigned char> wire, out;
    nats::encode(f.hdr, sender, wire);
    std::string why;
    ASSERT_TRUE(nats::decode(wire.data(), wire.size(), receiver, out, why)) << why;
    ASSERT_EQ(out.size(), sizeof(th_fill));
    th_fill got{};
    std::memcpy(&got, out.data(), sizeof got);
    EXPECT_EQ(got.instrument, msft_here);
    // Everything else arrives byte for byte.
    th_fill expect = f;
    expect.instrument = msft_here;
    EXPECT_EQ(std::memcmp(&got, &expect, sizeof got), 0);
}

TEST(NatsWire, AnOlderShorterStructTravelsAsItIs) {
    // A 1.0 publisher's execution report is 264 bytes (plugin.h): size is the version.
    InstrumentTable a, b;
    th_execution_report r{};
    r.hdr.size = 264;
    r.hdr.type = TH_EV_EXECUTION_REPORT;
    r.instrument = a.intern("AAPL");
    std::vector<unsigned char> wire, out;
    nats::encode(r.hdr, a, wire);
    std::string why;
    ASSERT_TRUE(nats::decode(wire.data(), wire.size(), b, out, why)) << why;
    EXPECT_EQ(out.size(), 264u);
    EXPECT_EQ(reinterpret_cast<const th_execution_report*>(out.data())->instrument, b.intern("AAPL"));
}

TEST(NatsWire, ANewsItemsInstrumentListIsMappedEntryByEntry) {
    InstrumentTable a, b;
    b.intern("X");
    th_news n{};
    n.hdr.size = sizeof n;
    n.hdr.type = TH_EV_NEWS;
    n.instrument_count = 2;
    n.instruments[0] = a.intern("AAPL");
    n.instruments[1] = a.intern("MSFT");
    std::vector<unsigned char> wire, out;
    nats::encode(n.hdr, a, wire);
    std::string why;
    ASSERT_TRUE(nats::decode(wire.data(), wire.size(), b, out, why)) << why;
    const auto* got = reinterpret_cast<const th_news*>(out.data());
    EXPECT_EQ(got->instruments[0], b.intern("AAPL"));
    EXPECT_EQ(got->instruments[1], b.intern("MSFT"));
}

TEST(NatsWire, MalformedMessagesAreRefusedWithAReason) {
    InstrumentTable t;
    const th_fill f = make_fill(t.intern("AAPL"));
    std::vector<unsigned char> wire, out;
    nats::encode(f.hdr, t, wire);
    std::string why;
    EXPECT_FALSE(nats::decode("hello", 5, t, out, why));
    EXPECT_NE(why.find("bad magic"), std::string::npos) << why;
    EXPECT_FALSE(nats::decode(wire.data(), wire.size() - 1, t, out, why));
    EXPECT_NE(why.find("does not match"), std::string::npos) << why;
    EXPECT_FALSE(nats::decode(wire.data(), 8, t, out, why));
    EXPECT_NE(why.find("truncated"), std::string::npos) << why;
}

TEST(NatsWire, TheMessageIdIgnoresSeqAndSourceButNotTheContent) {
    InstrumentTable t;
    th_fill f = make_fill(t.intern("AAPL"));
    std::vector<unsigned char> w1, w2, w3;
    nats::encode(f.hdr, t, w1);
    const size_t at = w1.size() - f.hdr.size;
    f.hdr.seq = 99;  // the same fill republished by a restarted host
    f.hdr.source = 12;
    nats::encode(f.hdr, t, w2);
    std::strcpy(f.fill_id, "paper-f-5");  // another fill
    nats::encode(f.hdr, t, w3);
    const std::string a = nats_msg_id("venue.fills", w1.data(), w1.size(), at);
    EXPECT_EQ(a, nats_msg_id("venue.fills", w2.data(), w2.size(), at));
    EXPECT_NE(a, nats_msg_id("venue.fills", w3.data(), w3.size(), at));
    EXPECT_EQ(a.rfind("venue.fills:6:", 0), 0u) << a;
}

// A URL with credentials (nats://user:password@host, or a token alone) never reaches a log,
// an error or /healthz as it is.
TEST(NatsWire, TheServerUrlIsShownWithoutItsSecret) {
    EXPECT_EQ(nats::shown_url("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
    EXPECT_EQ(nats::shown_url("nats://trader:s3cret@nats.internal:4222"), "nats://trader:***@nats.internal:4222");
    EXPECT_EQ(nats::shown_url("tls://s3cr3tt0ken@nats.internal:4222"), "tls://***@nats.internal:4222");
}
