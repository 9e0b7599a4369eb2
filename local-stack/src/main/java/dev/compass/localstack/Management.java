package dev.compass.localstack;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface of the service under test: health and metrics are served on a port of their own, not on
 * the API's, so a {@code @QuarkusTest} reaches them through this instead of REST-assured's default port.
 */
public final class Management {

    private Management() {
    }

    /** A REST-assured request to the management interface, e.g. {@code Management.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri(origin());
    }

    /** Scheme, host and port of the management interface of the running test application. */
    public static String origin() {
        String url = ConfigProvider.getConfig().getValue("test.management.url", String.class);
        // the configured value may carry the management root path (/q); the paths callers give start with it
        return url.endsWith("/q") ? url.substring(0, url.length() - 2) : url;
    }
}
