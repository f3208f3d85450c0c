package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** The web's conventions, checked with a plain HTTP client: HEAD, 404/405/406 as problems, Date, gzip, CORS, static files, favicon. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class HttpConventionsIT {
    @Test
    void headAnswersWithGetsHeadersAndHonoursIfNoneMatch() {
        String etag = given().get("/custody").then().statusCode(200).extract().header("ETag");
        given().head("/custody").then().statusCode(200).header("ETag", etag).header("Cache-Control", "no-cache")
                .header("X-Projection-Position", notNullValue());
        given().header("If-None-Match", etag).head("/custody").then().statusCode(304).header("ETag", etag);
    }

    @Test
    void theServersOwnRefusalsAreProblemsThatSayWhatToDo() {
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json")
                .body("type", containsString("not-found"));
        given().delete("/custody").then().statusCode(405).contentType("application/problem+json").body("type", containsString("method-not-allowed"))
                .header("Allow", "GET, HEAD, OPTIONS");
        given().get("/admin/replay/confirm").then().statusCode(405).header("Allow", "OPTIONS, POST");
        given().get("/custody?after=" + "x".repeat(9_000)).then().statusCode(414).contentType("application/problem+json")
                .body("type", containsString("uri-too-long"));
        given().accept("application/xml").get("/custody").then().statusCode(406).contentType("application/problem+json");
    }

    @Test
    void answersCarryADateAndAreCompressedForClientsThatAcceptIt() {
        String date = given().get("/reconciliation").then().statusCode(200).extract().header("Date");
        assertThat(java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(60));
        RestAssuredConfig raw = RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());
        given().config(raw).header("Accept-Encoding", "gzip").get("/reconciliation").then().statusCode(200).header("Content-Encoding", "gzip");
        given().config(raw).header("Accept-Encoding", "identity").get("/reconciliation").then().statusCode(200).header("Content-Encoding", nullValue());
    }

    @Test
    void onlyConfiguredOriginsMayCallFromABrowser() {
        given().header("Origin", "https://dashboard.example").header("Access-Control-Request-Method", "GET").options("/custody")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://dashboard.example");
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET").options("/custody")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://dashboard.example").get("/custody").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://dashboard.example");
    }

    @Test
    void theDashboardsFilesAreRevalidatedAndItHasAnIcon() {
        given().get("/dashboard.js").then().statusCode(200).header("Cache-Control", "no-cache");
        // Revalidated, not refetched: the answer names its version, and asking with it gives 304.
        io.restassured.response.Response script = given().get("/dashboard.js");
        String lastModified = script.header("Last-Modified");
        String etag = script.header("ETag");
        assertThat(lastModified != null || etag != null).as("Last-Modified or ETag on /dashboard.js").isTrue();
        (etag != null ? given().header("If-None-Match", etag) : given().header("If-Modified-Since", lastModified))
                .get("/dashboard.js").then().statusCode(304);
        given().get("/").then().statusCode(200).header("Cache-Control", "no-cache").body(containsString("favicon.svg"));
        given().get("/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
    }
}
