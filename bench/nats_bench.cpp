// A NATS edge on loopback, beside the NATS C client's own publish/subscribe in the same run
// and on the same nats-server (started here on a free port, with JetStream):
//
//   BM_NatsEdge_Core     the host's path for a market-data edge: NatsOutlet::send (the
//                        quote's wire form, its symbol written) -> core publish -> the
//                        subscription -> nats::decode (the symbol re-interned) -> posted to a
//                        host Executor, where its arrival is timed
//   BM_NatsClient_Core   the peer: natsConnection_Publish of the same number of bytes ->
//                        natsConnection_Subscribe's callback, where its arrival is timed
//   BM_NatsEdge_JetStream / BM_NatsClient_JetStream
//                        order flow: the host's JetStream publish (Nats-Msg-Id, waits for the
//                        stream's ack) to a durable consumer that acks each message after the
//                        executor applied it, beside js_Publish with the client's own
//                        auto-acking push subscription
//
// Counters: events_per_s (publish of the first to arrival of the last) and arrival
// latency percentiles (publish -> arrival, one clock, one machine).
//
//   build/bench/nats_bench [--th_events=N]
#include "bus/executor.hpp"
#include "common/instruments.hpp"
#include "host_session.hpp"
#include "nats/link.hpp"
#include "nats/outlet.hpp"
#include "nats/wire.hpp"
#include "nats_server.hpp"

#include <benchmark/benchmark.h>
#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace tradehost;

namespace {

int64_t g_events = 100000;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

test::NatsServer& server() {
    static fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("th_nats_bench_" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    static test::NatsServer s(dir.string());
    return s;
}

// Arrival times, written by one receiving thread, read after the run.
struct Arrivals {
    std::vector<int64_t> lat;
    std::atomic<int64_t> got{0};
    int64_t last_ns = 0;
    void reset(int64_t n) {
        lat.assign(static_cast<size_t>(n), 0);
        got.store(0);
    }
    void arrive(int64_t sent_ns) {
        const int64_t t = now_ns();
        const int64_t i = got.load(std::memory_order_relaxed);
        if (i < static_cast<int64_t>(lat.size())) lat[static_cast<size_t>(i)] = t - sent_ns;
        last_ns = t;
        got.store(i + 1, std::memory_order_release);
    }
    void wait(int64_t n) {
        const int64_t deadline = now_ns() + 60'000'000'000;
        while (got.load(std::memory_order_acquire) < n && now_ns() < deadline) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
};

void report(benchmark::State& st, Arrivals& a, int64_t n, int64_t t0) {
    const int64_t got = a.got.load();
    if (got < n) st.SkipWithError(("only " + std::to_string(got) + " of " + std::to_string(n) + " arrived").c_str());
    a.lat.resize(static_cast<size_t>(std::min(got, n)));
    st.counters["events_per_s"] = static_cast<double>(got) / bench::ns_to_s(a.last_ns - t0);
    st.counters["p50_us"] = bench::percentile(a.lat, 0.50) / 1e3;
    st.counters["p99_us"] = bench::percentile(a.lat, 0.99) / 1e3;
    st.counters["p999_us"] = bench::percentile(a.lat, 0.999) / 1e3;
}

// Burst (rate 0: as fast as the publisher can) for events per second; paced for latency,
// where a burst would time the queue rather than the hop.
void pace(int64_t t0, int64_t i, int64_t rate) {
    if (rate <= 0) return;
    const int64_t due = t0 + i * 1'000'000'000 / rate;
    while (now_ns() < due) {
    }
}

th_quote quote(th_instrument id) {
    th_quote q{};
    q.hdr.size = sizeof q;
    q.hdr.type = TH_EV_QUOTE;
    q.hdr.version = 1;
    q.instrument = id;
    q.bid_px = 100 * TH_FIXED_SCALE;
    q.ask_px = q.bid_px + TH_FIXED_SCALE / 100;
    q.bid_qty = q.ask_qty = 10 * TH_FIXED_SCALE;
    return q;
}

// ---- The host's edge ------------------------------------------------------------------

void BM_NatsEdge(benchmark::State& st, bool jetstream) {
    const std::string base = jetstream ? "bench.edge.js" : "bench.edge.core";
    const int64_t rate = st.range(0);
    const int64_t n = jetstream || rate ? g_events / 10 : g_events;
    InstrumentTable sender, receiver;
    receiver.intern("OTHER");  // the ids differ at each end, as between two hosts
    nats::Link pub(server().url(), "bench-pub"), sub(server().url(), "bench-sub");
    Executor exec("bench-consumer");
    exec.start();
    Arrivals a, wire;  // wire: at the subscription's callback, before the executor hop
    std::unique_ptr<nats::Subscription> s;
    std::atomic<bool> give_up{false};
    NatsOutlet out;
    out.link = &pub;
    out.instruments = &sender;
    out.jetstream = jetstream;
    out.id_prefix = "feed.quotes";
    out.give_up = &give_up;
    int round = 0;
    for (auto _ : st) {
        // A subject (and stream) per round: a new durable consumer reads from the stream's
        // start, and must find only this round's events there.
        const std::string subject = base + "." + std::to_string(rate) + "." + std::to_string(round);
        const std::string stream = jetstream ? pub.ensure_stream(subject) : "";
        out.subject = subject;
        a.reset(n);
        wire.reset(n);
        if (jetstream) {
            s = sub.subscribe_durable(stream, subject, "bench_" + std::to_string(::getpid()) + "_" + std::to_string(round),
                                      [&](const void* d, size_t len, uint64_t) {
                                          std::vector<unsigned char> ev;
                                          std::string why;
                                          if (!nats::decode(d, len, receiver, ev, why)) return false;
                                          exec.run_sync([&] { a.arrive(reinterpret_cast<const th_event_header*>(ev.data())->ts); });
                                          return true;
                                      });
        } else {
            s = sub.subscribe(subject, 1 << 20, [&](const void* d, size_t len) {
                auto ev = std::make_shared<std::vector<unsigned char>>();
                std::string why;
                if (!nats::decode(d, len, receiver, *ev, why)) return;
                wire.arrive(reinterpret_cast<const th_event_header*>(ev->data())->ts);
                exec.post([&a, ev] { a.arrive(reinterpret_cast<const th_event_header*>(ev->data())->ts); });
            });
        }
        sub.flush(2000);
        const th_instrument id = sender.intern("AAPL");
        const int64_t t0 = now_ns();
        for (int64_t i = 0; i < n; ++i) {
            th_quote q = quote(id);
            q.hdr.seq = static_cast<uint64_t>(i + 1);
            q.bid_qty += i;  // distinct content: distinct message ids
            pace(t0, i, rate);
            q.hdr.ts = now_ns();
            out.send(q.hdr);
        }
        pub.flush(5000);
        a.wait(n);
        s->close();
        if (!jetstream) st.counters["callback_p99_us"] = bench::percentile(wire.lat, 0.99) / 1e3;
        report(st, a, n, t0);
        ++round;
    }
    exec.request_stop();
    exec.join();
}

// ---- The client alone -----------------------------------------------------------------

void on_raw(natsConnection*, natsSubscription*, natsMsg* m, void* closure) {
    int64_t sent = 0;
    std::memcpy(&sent, natsMsg_GetData(m), sizeof sent);
    static_cast<Arrivals*>(closure)->arrive(sent);
    natsMsg_Destroy(m);
}

void BM_NatsClient(benchmark::State& st, bool jetstream) {
    const std::string subject = jetstream ? "bench.raw.js" : "bench.raw.core";
    const int64_t rate = st.range(0);
    const int64_t n = jetstream || rate ? g_events / 10 : g_events;
    natsConnection *pc = nullptr, *sc = nullptr;
    natsConnection_ConnectTo(&pc, server().url().c_str());
    natsConnection_ConnectTo(&sc, server().url().c_str());
    jsCtx *pjs = nullptr, *sjs = nullptr;
    natsConnection_JetStream(&pjs, pc, nullptr);
    natsConnection_JetStream(&sjs, sc, nullptr);
    if (jetstream) {
        jsStreamConfig cfg;
        jsStreamConfig_Init(&cfg);
        const std::string name = "BENCH_RAW";
        const char* subjects[] = {subject.c_str()};
        cfg.Name = name.c_str();
        cfg.Subjects = subjects;
        cfg.SubjectsLen = 1;
        cfg.Storage = js_FileStorage;
        js_AddStream(nullptr, pjs, &cfg, nullptr, nullptr);
    }
    // The same bytes the host sends for a quote: its wire form's size.
    InstrumentTable t;
    std::vector<unsigned char> wire;
    const th_quote q = quote(t.intern("AAPL"));
    nats::encode(q.hdr, t, wire);
    Arrivals a;
    for (auto _ : st) {
        a.reset(n);
        natsSubscription* s = nullptr;
        if (jetstream) {
            jsSubOptions so;
            jsSubOptions_Init(&so);
            so.Config.DeliverPolicy = js_DeliverNew;
            js_Subscribe(&s, sjs, subject.c_str(), on_raw, &a, nullptr, &so, nullptr);
        } else {
            natsConnection_Subscribe(&s, sc, subject.c_str(), on_raw, &a);
            natsSubscription_SetPendingLimits(s, 1 << 20, 256 * 1024 * 1024);
        }
        natsConnection_Flush(sc);
        const int64_t t0 = now_ns();
        for (int64_t i = 0; i < n; ++i) {
            pace(t0, i, rate);
            const int64_t ts = now_ns();
            std::memcpy(wire.data(), &ts, sizeof ts);
            if (jetstream) js_Publish(nullptr, pjs, subject.c_str(), wire.data(), static_cast<int>(wire.size()), nullptr, nullptr);
            else natsConnection_Publish(pc, subject.c_str(), wire.data(), static_cast<int>(wire.size()));
        }
        natsConnection_Flush(pc);
        a.wait(n);
        natsSubscription_Unsubscribe(s);
        natsSubscription_Destroy(s);
        report(st, a, n, t0);
    }
    jsCtx_Destroy(pjs);
    jsCtx_Destroy(sjs);
    natsConnection_Destroy(pc);
    natsConnection_Destroy(sc);
}

}  // namespace

// Arg: events per second (0: a burst, for throughput; else paced, for latency).
BENCHMARK_CAPTURE(BM_NatsEdge, Core, false)->Arg(0)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(BM_NatsClient, Core, false)->Arg(0)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(BM_NatsEdge, JetStream, true)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK_CAPTURE(BM_NatsClient, JetStream, true)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

int main(int argc, char** argv) {
    spdlog::set_level(spdlog::level::warn);
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--th_events=", 12) == 0) g_events = std::atoll(argv[i] + 12);
        else rest.push_back(argv[i]);
    }
    if (!server().error().empty()) {
        std::fprintf(stderr, "nats_bench: %s\n", server().error().c_str());
        return 1;
    }
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
