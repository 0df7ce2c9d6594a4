package kg.neo4jserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j 5 Community for the tests, CI and benchmarks: 127.0.0.1 on free ports, authentication on, the password of
 * user neo4j from NEO4J_PASSWORD, data in a temporary directory deleted at exit. When Bolt answers with that password,
 * the bolt and http URIs are written to the file given as first argument (key=value lines) so that scripts can wait
 * for it and read them; SIGTERM closes the database and removes the file and the data.
 *
 * Optional environment: KG_NEO4J_PAGECACHE (e.g. 512m, default 256m), KG_NEO4J_COPY_FROM (a Neo4j home whose
 * data/ to start from, e.g. one made by `neo4j-admin database import`).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Main INFO_FILE  (NEO4J_PASSWORD in the environment)");
            System.exit(2);
        }
        Path info = Path.of(args[0]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        // Neo4j 5 refuses passwords shorter than 8 characters.
        if (password == null || password.length() < 8) {
            System.err.println("neo4j-server: set NEO4J_PASSWORD (at least 8 characters)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("kg-neo4j-");
        // Ports are chosen here rather than left to the OS at bind time so that the server can advertise them:
        // Neo4j Browser connects to the Bolt address that the HTTP discovery endpoint advertises.
        SocketAddress bolt = new SocketAddress("127.0.0.1", freePort());
        SocketAddress http = new SocketAddress("127.0.0.1", freePort());
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(work)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(BoltConnector.listen_address, bolt)
                .withConfig(BoltConnector.advertised_address, bolt)
                .withConfig(HttpConnector.listen_address, http)
                .withConfig(HttpConnector.advertised_address, http)
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(envOr("KG_NEO4J_PAGECACHE", "256m")));
        String copyFrom = System.getenv("KG_NEO4J_COPY_FROM");
        if (copyFrom != null && !copyFrom.isEmpty()) {
            builder = builder.copyFrom(Path.of(copyFrom));
        }
        Neo4j neo4j = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(neo4j, info, work), "kg-neo4j-stop"));
        // The embedded API bypasses authentication: set the password before anyone can log in with the default.
        neo4j.databaseManagementService().database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        String boltUri = "bolt://" + bolt;
        String httpUri = "http://" + http + "/";
        writeInfo(info, boltUri, httpUri);
        System.out.println("neo4j-server: Neo4j " + neo4j.config().get(GraphDatabaseSettings.initial_default_database)
                + " database, bolt " + boltUri + ", http " + httpUri);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void writeInfo(Path info, String bolt, String http) throws IOException {
        // Written whole then renamed, so a reader never sees half a file.
        Path partial = info.resolveSibling(info.getFileName() + ".partial");
        String text = "bolt_uri=" + bolt + "\nhttp_uri=" + http + "\npid=" + ProcessHandle.current().pid() + "\n";
        Files.writeString(partial, text);
        Files.move(partial, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void stop(Neo4j neo4j, Path info, Path work) {
        try {
            Files.deleteIfExists(info);
        } catch (IOException ignored) {
            // The file only points at this server; a stale one is detected by its pid.
        }
        neo4j.close();
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
