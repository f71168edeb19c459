package io.kairos.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for a test's TLS listener, made with the JDK's {@code keytool}: a PKCS12 key store
 * holding the key and the certificate (subject {@code CN=<name>}, valid for {@code localhost} and {@code 127.0.0.1}),
 * a trust store holding the certificate alone for the clients, and the PEM of the certificate (what PostgreSQL's
 * {@code sslrootcert} takes). Two calls make two unrelated certificates: a client trusting one refuses the other.
 *
 * @param keyStore the server's key store (PKCS12)
 * @param trustStore the clients' trust store (PKCS12)
 * @param certificatePem the certificate in PEM
 * @param privateKeyPem the private key in PEM (PKCS#8, unencrypted), for servers that read PEM files
 * @param password the password of both stores and of the key
 */
public record TestCertificates(
        Path keyStore, Path trustStore, Path certificatePem, Path privateKeyPem, String password) {

    /** Makes a certificate named {@code name} in {@code directory}. */
    public static TestCertificates generate(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path keyStore = directory.resolve(name + ".p12");
            Path trustStore = directory.resolve(name + "-trust.p12");
            Path certificate = directory.resolve(name + ".crt");
            Path privateKey = directory.resolve(name + ".key");
            String password = "test-" + Long.toHexString(System.nanoTime());
            keytool(List.of(
                    "-genkeypair",
                    "-alias",
                    name,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=" + name,
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password));
            keytool(List.of(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    name,
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    password,
                    "-file",
                    certificate.toString()));
            keytool(List.of(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    name,
                    "-file",
                    certificate.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trustStore.toString(),
                    "-storepass",
                    password));
            writePrivateKey(keyStore, name, password, privateKey);
            return new TestCertificates(keyStore, trustStore, certificate, privateKey, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the test certificate " + name + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivateKey(Path keyStore, String alias, String password, Path target) throws IOException {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore)) {
                store.load(in, password.toCharArray());
            }
            java.security.Key key = store.getKey(alias, password.toCharArray());
            String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(target, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the key back from " + keyStore, e);
        }
    }

    private static void keytool(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments.get(0) + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
