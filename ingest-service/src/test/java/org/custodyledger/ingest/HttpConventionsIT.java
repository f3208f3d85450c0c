package org.custodyledger.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** Ingest's HTTP as a plain client expects it: a Date on every answer, gzip when asked, and the server's own refusals as problems. */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class HttpConventionsIT {
    @Test
    void answersCarryADateAndAreCompressedForClientsThatAcceptIt() {
        for (io.restassured.response.Response answer : new io.restassured.response.Response[] {given().get("/audit/keys"),
                given().contentType("application/json").body("{\"type\":\"Nope\"}").post("/events")}) {
            String date = answer.then().extract().header("Date");
            assertThat(date).as("Date of a " + answer.statusCode()).isNotNull();
            assertThat(java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                    .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(60));
        }
        RestAssuredConfig raw = RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());
        given().config(raw).header("Accept-Encoding", "gzip").get("/audit/keys").then().statusCode(200).header("Content-Encoding", "gzip");
        given().config(raw).header("Accept-Encoding", "identity").get("/audit/keys").then().statusCode(200).header("Content-Encoding", nullValue());
    }

    @Test
    void theServersOwnRefusalsAreProblemsThatSayWhatToDo() {
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json").body("detail", containsString("/events"));
        given().get("/events").then().statusCode(405).contentType("application/problem+json").header("Allow", "OPTIONS, POST")
                .body("type", containsString("method-not-allowed"));
        given().accept("application/xml").get("/audit/keys").then().statusCode(406).contentType("application/problem+json");
        given().get("/audit/keys?pad=" + "x".repeat(9_000)).then().statusCode(414).contentType("application/problem+json")
                .body("type", containsString("uri-too-long"));
    }

    /** Above the HTTP layer's 16 MB limit the server answers before the body is sent, as a problem; nothing is read. */
    @Test
    void aBodyAboveTheHttpLimitIsRefusedAsAProblem() throws Exception {
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /events/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                    + "Authorization: Bearer " + TestInfrastructure.token() + "\r\nContent-Length: " + (17 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/problem+json")
                    .contains("urn:custody-ledger:problem:body-too-large");
        }
    }
}
