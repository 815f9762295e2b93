// The ESA double (see esa_double.hpp): one thread accepts, one thread per client reads and
// writes; pushes from the test are queued per client under the mutex and written by that
// client's thread, so one SSL object is never used from two threads.
#include "betfair/esa_double.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace tradehost::doubles {

struct EsaDouble::Impl {
    SSL_CTX* ctx = nullptr;
    int listen_fd = -1;
};

struct EsaDouble::Conn {
    int fd = -1;
    SSL* ssl = nullptr;
    std::vector<std::string> outbox;   // guarded by EsaDouble::mu_
    bool subscribed = false, order_subscribed = false, kick = false, closed = false;
    int sub_id = 0, order_sub_id = 0;
    int64_t hb_ms = 5000, order_hb_ms = 5000;
    std::thread thread;
    void send(const nlohmann::json& j) { outbox.push_back(j.dump() + "\r\n"); }
};

namespace {
std::string clock_of(std::size_t n) { return std::to_string(n); }
constexpr int64_t kPt = 1764720000000;
}  // namespace

EsaDouble::EsaDouble(const std::string& cert, const std::string& key, nlohmann::json image_mc)
    : impl_(new Impl), image_mc_(std::move(image_mc)) {
    // SSL_write on a socket the client already closed (the tests drop connections on
    // purpose) would raise SIGPIPE and end the test process; the write's error is enough.
    ::signal(SIGPIPE, SIG_IGN);
    impl_->ctx = SSL_CTX_new(TLS_server_method());
    if (!impl_->ctx || SSL_CTX_use_certificate_chain_file(impl_->ctx, cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(impl_->ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("EsaDouble: cannot load " + cert + " / " + key);
    impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(impl_->listen_fd, 8) != 0)
        throw std::runtime_error("EsaDouble: cannot listen on 127.0.0.1");
    socklen_t len = sizeof a;
    ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
}

EsaDouble::~EsaDouble() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (auto& c : conns_)
        if (c->thread.joinable()) c->thread.join();
    ::close(impl_->listen_fd);
    SSL_CTX_free(impl_->ctx);
    delete impl_;
}

void EsaDouble::push_delta(nlohmann::json mc, bool conflated) {
    std::lock_guard lk(mu_);
    deltas_.push_back(mc);
    for (auto& c : conns_) {
        if (!c->subscribed || c->closed) continue;
        nlohmann::json m{{"op", "mcm"}, {"id", c->sub_id}, {"clk", clock_of(deltas_.size())}, {"pt", kPt}, {"mc", mc}};
        if (conflated) m["con"] = true;
        c->send(m);
    }
}

void EsaDouble::push_ocm(nlohmann::json oc) {
    std::lock_guard lk(mu_);
    order_changes_.push_back(oc);
    for (auto& c : conns_)
        if (c->order_subscribed && !c->closed)
            c->send({{"op", "ocm"}, {"id", c->order_sub_id}, {"clk", "o" + std::to_string(order_changes_.size())},
                     {"pt", kPt}, {"oc", oc}});
}

void EsaDouble::heartbeat() {
    std::lock_guard lk(mu_);
    for (auto& c : conns_)
        if (c->subscribed && !c->closed)
            c->send({{"op", "mcm"}, {"id", c->sub_id}, {"ct", "HEARTBEAT"}, {"clk", clock_of(deltas_.size())}, {"pt", kPt}});
}

void EsaDouble::kick() {
    std::lock_guard lk(mu_);
    for (auto& c : conns_) c->kick = true;
}

void EsaDouble::close_with(const std::string& code, const std::string& message) {
    std::lock_guard lk(mu_);
    for (auto& c : conns_) {
        if (c->closed) continue;
        c->send({{"op", "status"}, {"statusCode", "FAILURE"}, {"errorCode", code}, {"errorMessage", message},
                 {"connectionClosed", true}});
        c->kick = true;
    }
}

std::vector<nlohmann::json> EsaDouble::received() const {
    std::lock_guard lk(mu_);
    return received_;
}

void EsaDouble::on_request(Conn& c, const nlohmann::json& r) {  // mu_ held
    received_.push_back(r);
    const std::string op = r.value("op", "");
    const int id = r.value("id", 0);
    if (op == "authentication") {
        const std::string token = r.value("session", "");
        if (r.value("appKey", "") != kAppKey) {
            c.send({{"op", "status"}, {"id", id}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_APP_KEY"},
                    {"errorMessage", "Invalid AppKey"}, {"connectionClosed", true}});
            c.kick = true;
        } else if (session_.empty() ? token.empty() : token != session_) {
            c.send({{"op", "status"}, {"id", id}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_SESSION_INFORMATION"},
                    {"errorMessage", "Invalid session"}, {"connectionClosed", true}});
            c.kick = true;
        } else {
            c.send({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        }
    } else if (op == "marketSubscription") {
        if (ignore_subs_) return;
        c.sub_id = id;
        c.subscribed = true;
        c.send({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        const int64_t hb = r.value("heartbeatMs", int64_t{5000});
        c.hb_ms = hb;
        const std::string clk = r.value("clk", "");
        std::size_t since = 0;
        bool resume = false;
        if (!clk.empty()) {
            try {
                since = std::stoul(clk);
                resume = since <= deltas_.size();
            } catch (const std::exception&) {
                resume = false;
            }
        }
        if (resume) {
            ++resubs_;
            nlohmann::json mc = nlohmann::json::array();
            for (std::size_t i = since; i < deltas_.size(); ++i)
                for (const auto& x : deltas_[i]) mc.push_back(x);
            c.send({{"op", "mcm"}, {"id", id}, {"ct", "RESUB_DELTA"}, {"initialClk", "G"}, {"clk", clock_of(deltas_.size())},
                    {"heartbeatMs", hb}, {"pt", kPt}, {"mc", mc}});
        } else {
            ++images_;
            // The image in segments: the market image first, then the deltas made since.
            const std::size_t n = deltas_.size();
            nlohmann::json first{{"op", "mcm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"initialClk", "G"},
                                 {"clk", clock_of(n)}, {"heartbeatMs", hb}, {"pt", kPt}, {"mc", image_mc_}};
            if (n > 0) first["segmentType"] = "SEG_START";
            c.send(first);
            for (std::size_t i = 0; i < n; ++i)
                c.send({{"op", "mcm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"segmentType", i + 1 == n ? "SEG_END" : "SEG"},
                        {"initialClk", "G"}, {"clk", clock_of(n)}, {"pt", kPt}, {"mc", deltas_[i]}});
        }
    } else if (op == "orderSubscription") {
        if (ignore_subs_) return;
        c.order_sub_id = id;
        c.order_subscribed = true;
        c.order_hb_ms = r.value("heartbeatMs", int64_t{5000});
        ++order_subs_;
        c.send({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}, {"connectionClosed", false}});
        // The image: every order change so far, in one message.
        nlohmann::json oc = nlohmann::json::array();
        for (const auto& ch : order_changes_)
            for (const auto& x : ch) oc.push_back(x);
        c.send({{"op", "ocm"}, {"id", id}, {"ct", "SUB_IMAGE"}, {"initialClk", "O"},
                {"clk", "o" + std::to_string(order_changes_.size())}, {"heartbeatMs", c.order_hb_ms}, {"pt", kPt}, {"oc", oc}});
    } else if (op == "heartbeat") {
        c.send({{"op", "status"}, {"id", id}, {"statusCode", "SUCCESS"}});
    }
}

void EsaDouble::run() {
    while (!stop_) {
        pollfd lp{impl_->listen_fd, POLLIN, 0};
        if (::poll(&lp, 1, 20) <= 0) continue;
        const int fd = ::accept(impl_->listen_fd, nullptr, nullptr);
        if (fd < 0) continue;
        auto conn = std::make_unique<Conn>();
        conn->fd = fd;
        Conn* c = conn.get();
        {
            std::lock_guard lk(mu_);
            conns_.push_back(std::move(conn));
        }
        c->thread = std::thread([this, c] { serve(*c); });
    }
}

void EsaDouble::serve(Conn& c) {
    SSL* ssl = SSL_new(impl_->ctx);
    SSL_set_fd(ssl, c.fd);
    if (SSL_accept(ssl) != 1) {
        SSL_free(ssl);
        ::close(c.fd);
        std::lock_guard lk(mu_);
        c.closed = true;
        return;
    }
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    const int n_conn = ++connections_;
    {
        std::lock_guard lk(mu_);
        c.kick = false;
        c.send({{"op", "connection"}, {"connectionId", "002-0511341578-" + std::to_string(n_conn)}});
    }
    using Clock = std::chrono::steady_clock;
    Clock::time_point last_mcm = Clock::now(), last_ocm = Clock::now();
    std::string in;
    bool open = true;
    while (open && !stop_) {
        std::vector<std::string> out;
        bool kick = false;
        {
            std::lock_guard lk(mu_);
            const auto now = Clock::now();
            for (const auto& o : c.outbox) {
                if (o.find("\"op\":\"mcm\"") != std::string::npos) last_mcm = now;
                if (o.find("\"op\":\"ocm\"") != std::string::npos) last_ocm = now;
            }
            // Like Betfair: a HEARTBEAT after heartbeatMs without a message on a subscription.
            if (auto_hb_ && c.subscribed && now - last_mcm >= std::chrono::milliseconds(c.hb_ms)) {
                c.send({{"op", "mcm"}, {"id", c.sub_id}, {"ct", "HEARTBEAT"}, {"clk", clock_of(deltas_.size())}, {"pt", kPt}});
                last_mcm = now;
            }
            if (auto_hb_ && c.order_subscribed && now - last_ocm >= std::chrono::milliseconds(c.order_hb_ms)) {
                c.send({{"op", "ocm"}, {"id", c.order_sub_id}, {"ct", "HEARTBEAT"},
                        {"clk", "o" + std::to_string(order_changes_.size())}, {"pt", kPt}});
                last_ocm = now;
            }
            out.swap(c.outbox);
            kick = c.kick;
        }
        for (const auto& s : out) {
            std::size_t off = 0;
            while (open && off < s.size()) {
                const int n = SSL_write(ssl, s.data() + off, static_cast<int>(s.size() - off));
                if (n > 0) {
                    off += static_cast<std::size_t>(n);
                    continue;
                }
                const int e = SSL_get_error(ssl, n);
                if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ) open = false;
                pollfd p{c.fd, POLLOUT, 0};
                ::poll(&p, 1, 10);
            }
        }
        if (kick) break;
        char buf[8192];
        const int n = SSL_read(ssl, buf, sizeof buf);
        if (n > 0) {
            in.append(buf, static_cast<std::size_t>(n));
            for (std::size_t nl; (nl = in.find('\n')) != std::string::npos;) {
                std::string line = in.substr(0, nl);
                in.erase(0, nl + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                std::lock_guard lk(mu_);
                try {
                    on_request(c, nlohmann::json::parse(line));
                } catch (const nlohmann::json::exception&) {
                    c.send({{"op", "status"}, {"statusCode", "FAILURE"}, {"errorCode", "INVALID_INPUT"},
                            {"errorMessage", "not JSON"}, {"connectionClosed", true}});
                    c.kick = true;
                }
            }
            continue;
        }
        const int e = SSL_get_error(ssl, n);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            pollfd p{c.fd, POLLIN, 0};
            ::poll(&p, 1, 10);
            continue;
        }
        open = false;  // closed or broken
    }
    {
        std::lock_guard lk(mu_);
        c.subscribed = false;
        c.order_subscribed = false;
        c.closed = true;
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
    ::close(c.fd);
}

}  // namespace tradehost::doubles
