// wire_bench: what a trader cares about most, from a market-data frame leaving the venue's
// socket to the order it causes arriving back at the venue.
//
// A loopback Binance double (tests/venues/exchange) sends `bookTicker` frames over its
// combined market stream, one at a time, each with a new ask. Two loops answer them, in the
// same run on the same machine:
//
//   Wire/Host   the real path: the exchange adapter (Binance dialect) decodes the frame and
//               publishes a quote; bench_cross crosses the spread (buy limit IOC at the ask);
//               the risk gate passes it; the adapter signs it and POSTs /api/v3/order
//   Wire/Floor  the least any client can do on the same sockets: the venue kit's WebSocket
//               client receives the frame, cuts the ask out of it, and the kit's HTTP client
//               sends a fixed order request carrying it (unsigned: the double stamps it first)
//
// The double stamps each order request as it is recorded, before its handler runs; latency is
// that stamp minus the moment the frame was handed to the double's socket thread. Frames go
// one at a time (the next after the previous order arrived, plus a pause), so each sample is
// the latency of an idle system, not of a queue. Counters: p50, p99, p99.9 and max in
// microseconds, and frames whose order never came (`lost`). Wire/Host also splits each
// sample where the quote reaches the strategy: `in_*` is frame to strategy (the double's
// send, the adapter's stream thread and decoding, the hop to the executor), `out_*` is
// strategy to wire (strategy, risk gate, the adapter's order path: its worker thread,
// signing, the HTTP request).
#include "exchange/binance_double.hpp"

#include "config/deployment.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/runtime.hpp"
#include "registry/registry.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/ws_client.hpp>

#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
using tradehost::doubles::exchange::BinanceDouble;

constexpr const char* kKey = "benchkey0000000000000000000000000000000000000000000000000000000";
constexpr const char* kSecret = "benchsecret000000000000000000000000000000000000000000000000000";
constexpr th_fixed kTick = TH_FIXED_SCALE / 100;   // 0.01
constexpr th_fixed kBase = 50000 * TH_FIXED_SCALE;  // ask of frame 0
constexpr int kWarmup = 100;

int frames() {
    const char* n = std::getenv("TH_WIRE_FRAMES");
    return n ? std::max(100, std::atoi(n)) : 3000;
}

// One run: the double, arrival stamps by frame index, and the frames sent one at a time.
class Wire {
public:
    explicit Wire(int n) : n_(n), sent_(static_cast<size_t>(n + kWarmup)), arrived_(static_cast<size_t>(n + kWarmup)) {
        dbl_.add_market("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", "0.00001", "5");
        dbl_.set_balance("USDT", "1000000000");
        dbl_.set_balance("BTC", "1000");
        for (auto& a : arrived_) a.store(0);
        raise_order_limit();
        dbl_.server().on_request([this](const tradehost::doubles::Request& r) {
            if (r.method != "POST" || r.path != "/api/v3/order") return;
            const std::string* px = r.param("price");
            th_fixed v = 0;
            if (!px || !tradehost::parse_fixed(*px, v)) return;
            const int64_t i = (v - kBase) / kTick;
            if (i >= 0 && i < static_cast<int64_t>(arrived_.size()))
                arrived_[static_cast<size_t>(i)].store(Clock::now().time_since_epoch().count());
        });
    }
    ~Wire() { dbl_.server().on_request(nullptr); }

    // Binance allows 100 orders per 10 s (exchangeInfo's ORDERS limit, which the adapter obeys,
    // as it should). A benchmark of 3000 frames would measure that wait, so the double's
    // exchangeInfo is served with the 10-second limit raised; everything else is as the double
    // answers it.
    void raise_order_limit() {
        tradehost::venue::HttpOptions ho;
        ho.max_attempts = 1;
        tradehost::venue::HttpClient http(ho);
        tradehost::venue::HttpRequest req;
        req.url = dbl_.rest_url() + "/api/v3/exchangeInfo";
        std::string body = http.send(req).body;
        const std::string from = "\"intervalNum\":10,\"limit\":100,", to = "\"intervalNum\":10,\"limit\":1000000,";
        const size_t at = body.find(from);
        if (at == std::string::npos) {
            std::fprintf(stderr, "wire_bench: the double's exchangeInfo has no 10-second ORDERS limit to raise\n");
            std::exit(1);
        }
        body.replace(at, from.size(), to);
        dbl_.server().route("GET", "/api/v3/exchangeInfo", [body](const tradehost::doubles::Request&) {
            return tradehost::doubles::Response::json(200, body);
        });
    }
    BinanceDouble& venue() { return dbl_; }
    int64_t sent(int i) const { return sent_[static_cast<size_t>(i)]; }
    int64_t arrived(int i) const { return arrived_[static_cast<size_t>(i)].load(); }

    // Frame i: a new ask, then wait for its order. False if it never came.
    bool frame(int i) {
        const th_fixed ask = kBase + i * kTick;
        const size_t k = static_cast<size_t>(i);
        sent_[k] = Clock::now().time_since_epoch().count();
        dbl_.push_book("BTCUSDT", tradehost::format_fixed(ask - kTick), "1", tradehost::format_fixed(ask), "1");
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (arrived_[k].load() == 0) {
            if (Clock::now() > deadline) {
                if (std::getenv("TH_WIRE_DEBUG"))
                    for (const auto& r : dbl_.server().requests()) std::fprintf(stderr, "%s %s\n", r.method.c_str(), r.target.c_str());
                return false;
            }
            std::this_thread::yield();
        }
        return true;
    }
    // Warm-up frames (connections, first-use costs), then `n` timed ones; the latencies in ns.
    std::vector<int64_t> run(int& lost) {
        for (int i = 0; i < kWarmup; ++i) frame(i);
        std::vector<int64_t> lat;
        lost = 0;
        for (int i = kWarmup; i < kWarmup + n_; ++i) {
            if (frame(i)) lat.push_back(arrived_[static_cast<size_t>(i)].load() - sent_[static_cast<size_t>(i)]);
            else ++lost;
            std::this_thread::sleep_for(std::chrono::microseconds(300));
        }
        return lat;
    }

private:
    BinanceDouble dbl_{kKey, kSecret};
    int n_;
    std::vector<int64_t> sent_;
    std::vector<std::atomic<int64_t>> arrived_;
};

void report(benchmark::State& state, std::vector<int64_t> lat, int lost) {
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double p) {
        if (lat.empty()) return 0.0;
        const size_t i = std::min(lat.size() - 1, static_cast<size_t>(p * static_cast<double>(lat.size())));
        return static_cast<double>(lat[i]) / 1000.0;
    };
    state.counters["p50_us"] = pct(0.50);
    state.counters["p99_us"] = pct(0.99);
    state.counters["p999_us"] = pct(0.999);
    state.counters["max_us"] = lat.empty() ? 0.0 : static_cast<double>(lat.back()) / 1000.0;
    state.counters["frames"] = static_cast<double>(lat.size());
    state.counters["lost"] = lost;
    if (lost) state.SkipWithError("orders were lost (see `lost`)");
}

// The strategy's stamps against the frames': where each sample's time went.
void split(benchmark::State& state, const Wire& w, const std::string& stamps) {
    std::vector<int64_t> in, out;
    std::FILE* f = std::fopen(stamps.c_str(), "r");
    if (!f) return;
    long long px = 0, t = 0;
    while (std::fscanf(f, "%lld %lld", &px, &t) == 2) {
        const int i = static_cast<int>((px - kBase) / kTick);
        if (i < kWarmup || i >= kWarmup + frames() || w.arrived(i) == 0) continue;
        in.push_back(t - w.sent(i));
        out.push_back(w.arrived(i) - t);
    }
    std::fclose(f);
    auto put = [&](const char* name, std::vector<int64_t>& v) {
        if (v.empty()) return;
        std::sort(v.begin(), v.end());
        state.counters[std::string(name) + "_p50_us"] = static_cast<double>(v[v.size() / 2]) / 1000.0;
        state.counters[std::string(name) + "_p99_us"] =
            static_cast<double>(v[std::min(v.size() - 1, v.size() * 99 / 100)]) / 1000.0;
    };
    // The first and the last tenth apart: a cost that grows with the session shows here.
    if (out.size() >= 20) {
        std::vector<int64_t> first(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(out.size() / 10));
        std::vector<int64_t> last(out.end() - static_cast<std::ptrdiff_t>(out.size() / 10), out.end());
        put("out_first10pct", first);
        put("out_last10pct", last);
    }
    put("in", in);
    put("out", out);
}

bool wait_for(const std::function<bool()>& pred, std::chrono::seconds timeout) {
    const auto end = Clock::now() + timeout;
    while (!pred()) {
        if (Clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// The floor: the venue kit's clients, nothing between the frame and the request.
void Wire_Floor(benchmark::State& state) {
    for (auto _ : state) {
        Wire w(frames());
        const std::string order_url = w.venue().rest_url() +
                                      "/api/v3/order?symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.001&price=";
        tradehost::venue::HttpOptions ho;
        ho.max_attempts = 1;
        tradehost::venue::HttpClient http(ho);  // used by the WebSocket thread only
        tradehost::venue::WsOptions wo;
        wo.url = w.venue().stream_url() + "/stream?streams=btcusdt@bookTicker";
        tradehost::venue::WsClient::Handlers h;
        h.on_message = [&](std::string_view m) {
            const size_t a = m.find("\"a\":\"");
            if (a == std::string_view::npos) return;
            const size_t end = m.find('"', a + 5);
            tradehost::venue::HttpRequest req;
            req.method = "POST";
            req.url = order_url + std::string(m.substr(a + 5, end - a - 5));
            req.headers = {{"X-MBX-APIKEY", kKey}};
            http.send(req);
        };
        tradehost::venue::WsClient ws(wo, h);
        ws.start();
        if (!wait_for([&] { return w.venue().market_sessions() >= 1; }, std::chrono::seconds(10))) {
            state.SkipWithError("the floor's stream did not connect");
            return;
        }
        int lost = 0;
        auto lat = w.run(lost);
        ws.stop();
        report(state, std::move(lat), lost);
    }
}

std::string host_yaml(const std::string& dir, BinanceDouble& v, const std::string& stamps) {
    return "host:\n  journal: " + dir + "/journal.db\n  api: {enabled: false}\n  log: {level: " +
           std::string(std::getenv("TH_BENCH_LOG") ? std::getenv("TH_BENCH_LOG") : "warn") +
           "}\n  summary: false\n"
           "instances:\n"
           "  venue:\n    use: exchange\n    config:\n      exchange: binance\n"
           "      rest_url: " + v.rest_url() + "\n      stream_url: " + v.stream_url() +
           "\n      user_stream_url: " + v.stream_url() +
           "\n      key_env: TH_WIRE_KEY\n      secret_env: TH_WIRE_SECRET\n"
           "      symbols: [BTCUSDT]\n      trade_symbols: [BTCUSDT]\n"
           "  cross:\n    use: bench_cross\n    config: {stamps: " + stamps + "}\n"
           "  risk:\n    use: risk_gate\n"
           "edges:\n"
           "  - from: venue.quotes\n    to: cross.quotes\n"
           "  - from: cross.orders\n    to: risk.orders\n"
           "  - from: risk.orders\n    to: venue.orders\n    feedback: true\n"
           // The gate learns what ended, as in a deployment: without these its open-order
           // book (and each check over it) would grow with every order.
           "  - from: venue.exec_reports\n    to: risk.exec_reports\n    feedback: true\n"
           "  - from: venue.fills\n    to: risk.fills\n    feedback: true\n";
}

// The host's path: adapter, strategy, risk gate, adapter.
void Wire_Host(benchmark::State& state) {
    if (const char* lv = std::getenv("TH_BENCH_LOG")) spdlog::set_level(spdlog::level::from_str(lv));
    else spdlog::set_level(spdlog::level::warn);
    ::setenv("TH_WIRE_KEY", kKey, 1);
    ::setenv("TH_WIRE_SECRET", kSecret, 1);
    tradehost::Registry reg;
    reg.scan({PROJECT_PLUGIN_DIR, BENCH_PLUGIN_DIR});
    for (auto _ : state) {
        Wire w(frames());
        const std::filesystem::path dir =
            std::filesystem::temp_directory_path() / ("th_wire_bench_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "wire.yaml").string();
        const std::string stamps = (dir / "stamps.txt").string();
        std::ofstream(path) << host_yaml(dir.string(), w.venue(), stamps);
        tradehost::Diagnostics diags;
        tradehost::Deployment dep = tradehost::load_deployment(path, diags);
        tradehost::Plan plan;
        if (diags.ok()) plan = tradehost::build_plan(dep, reg, diags);
        if (!diags.ok()) {
            state.SkipWithError(diags.str().c_str());
            return;
        }
        tradehost::Runtime rt(dep, std::move(plan));
        tradehost::RunResult res;
        std::thread runner([&] { res = rt.run(); });
        // Both streams up, then the first frames until orders flow (start reconciliation).
        bool ready = wait_for([&] { return w.venue().market_sessions() >= 1 && w.venue().user_sessions() >= 1; },
                              std::chrono::seconds(10));
        int lost = 0;
        std::vector<int64_t> lat;
        if (ready) lat = w.run(lost);
        rt.request_stop();
        runner.join();
        if (!ready) {
            std::filesystem::remove_all(dir);
            state.SkipWithError("the adapter's streams did not connect");
            return;
        }
        split(state, w, stamps);
        std::filesystem::remove_all(dir);
        report(state, std::move(lat), lost);
    }
}

}  // namespace

BENCHMARK(Wire_Floor)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Wire_Host)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
