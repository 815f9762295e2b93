// A loopback HTTP double of feed publishers, on the venue doubles' server: serves feed
// files with ETag and Last-Modified, answers conditional requests with 304 as RFC 9110
// section 13 says (If-None-Match first; If-Modified-Since only without it), and can be
// told to fail (a status such as 404/410/503) or serve other content.
#pragma once

#include "double/loopback_server.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

namespace tradehost::rss::testing {

class FeedServer {
public:
    struct Feed {
        std::string body;
        std::string etag;           // "" : none sent
        std::string last_modified;  // "" : none sent
        int fail_status = 0;        // non-zero: answer this instead
    };

    FeedServer() = default;

    /// Serve `path` with the file `test_data/<file>`.
    void serve_file(const std::string& path, const std::string& file, const std::string& etag,
                    const std::string& last_modified) {
        std::ifstream in(std::string(TEST_DATA_DIR) + "/" + file, std::ios::binary);
        std::ostringstream o;
        o << in.rdbuf();
        serve(path, Feed{o.str(), etag, last_modified, 0});
    }
    void serve(const std::string& path, Feed feed) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            feeds_[path] = std::move(feed);
        }
        server_.route("GET", path, [this, path](const doubles::Request& r) { return answer(path, r); });
    }
    void fail(const std::string& path, int status) {
        std::lock_guard<std::mutex> lk(mu_);
        feeds_[path].fail_status = status;
    }
    /// Answer `path` with `status` and a Location header (a feed that moved).
    void redirect(const std::string& path, int status, const std::string& location) {
        server_.route("GET", path, [status, location](const doubles::Request&) {
            doubles::Response r;
            r.status = status;
            r.headers = {{"Location", location}, {"Content-Type", "text/plain"}};
            r.body = "moved";
            return r;
        });
    }
    std::string url(const std::string& path) const { return server_.http_url() + path; }
    std::vector<doubles::Request> requests(const std::string& path) const { return server_.requests("GET", path); }

private:
    doubles::Response answer(const std::string& path, const doubles::Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        const Feed& f = feeds_[path];
        doubles::Response resp;
        if (f.fail_status != 0) {
            resp.status = f.fail_status;
            resp.headers = {{"Content-Type", "text/plain"}};
            resp.body = "unavailable";
            return resp;
        }
        const std::string* inm = r.header("If-None-Match");
        const std::string* ims = r.header("If-Modified-Since");
        const bool not_modified = inm ? (!f.etag.empty() && *inm == f.etag)
                                      : (ims && !f.last_modified.empty() && *ims == f.last_modified);
        if (!f.etag.empty()) resp.headers.emplace_back("ETag", f.etag);
        if (!f.last_modified.empty()) resp.headers.emplace_back("Last-Modified", f.last_modified);
        if (not_modified) {
            resp.status = 304;
            return resp;
        }
        resp.status = 200;
        resp.headers.emplace_back("Content-Type", "application/rss+xml; charset=utf-8");
        resp.body = f.body;
        return resp;
    }

    doubles::LoopbackServer server_;
    std::mutex mu_;
    std::map<std::string, Feed> feeds_;
};

}  // namespace tradehost::rss::testing
