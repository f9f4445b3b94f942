package io.cairn.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before Cairn sees them (a NUL in the path, a malformed request line)
 * answer RFC 9457 problems too, instead of Tomcat's HTML page. Encoded slashes are passed on
 * still encoded, for Spring Security's firewall to refuse with a problem that says why.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
        factory.addContextLifecycleListeners(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                replaceErrorReport(((Context) event.getLifecycle()).getParent());
            }
        });
    }

    /** The host has installed Tomcat's own error report by the time its contexts start. */
    private static void replaceErrorReport(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReport)) {
                host.getPipeline().removeValve(valve);
                host.getPipeline().addValve(new ProblemReport());
            }
        }
    }

    /** Tomcat's error report, written as a problem document. */
    static final class ProblemReport extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String json = "{\"type\":\"" + ProblemTypes.PREFIX
                    + "bad-request\",\"title\":\"Request refused\",\"status\":"
                    + status + ",\"detail\":\"The server refused the request before reading it (status " + status
                    + "): check the path for NUL or illegal characters, and the headers for size\"}";
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // The connection is going away; there is no one left to tell.
            }
        }
    }
}
