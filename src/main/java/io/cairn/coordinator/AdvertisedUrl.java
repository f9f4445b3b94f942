package io.cairn.coordinator;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The base URL agents call back on: configured, or this server's loopback address once it listens. */
@Component
class AdvertisedUrl {

    private volatile String url;

    AdvertisedUrl(CoordinatorProperties properties) {
        String configured = properties.advertisedUrl();
        this.url = configured == null || configured.isBlank() ? null : configured.replaceAll("/+$", "");
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (url == null) {
            url = "http://127.0.0.1:" + event.getWebServer().getPort();
        }
    }

    String get() {
        if (url == null) {
            throw new IllegalStateException("The web server has not started yet; set cairn.coordinator.advertised-url");
        }
        return url;
    }
}
