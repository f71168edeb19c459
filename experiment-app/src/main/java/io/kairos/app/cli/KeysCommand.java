package io.kairos.app.cli;

import io.kairos.domain.access.ApiKey;
import io.kairos.domain.access.ApiKeys;
import io.kairos.domain.access.IssuedKey;
import io.kairos.domain.access.Role;
import io.kairos.persistence.store.PostgresApiKeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jooq.DSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos keys}: creates, lists and revokes the API keys of {@code kairos serve}. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the API keys of 'kairos serve' (docs/security.md). Roles: ingest (send events; a browser may"
                    + " hold it), read (reports, dashboard, CSV, metrics), admin (changes; implies read).",
            "Exit code 0 on success, 1 when the database cannot be used or no such key, 2 for a wrong argument."
        },
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code kairos keys create --role R --name N}: prints the new key once. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "ingest, read or admin.")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what holds it.")
        String name;

        @Override
        public Integer call() {
            Role parsed;
            try {
                parsed = Role.of(role);
            } catch (IllegalArgumentException e) {
                System.err.println("kairos keys create: " + e.getMessage());
                return 2;
            }
            return withKeys(spring, "create", keys -> {
                IssuedKey issued = keys.issue(name, parsed);
                System.out.println(issued.secret());
                System.err.println("Created " + parsed.label() + " key "
                        + issued.stored().id() + " ("
                        + issued.stored().prefix() + ", '" + issued.stored().name() + "'). It is shown this once:"
                        + " store it now; Kairos keeps only its hash.");
                return 0;
            });
        }
    }

    /** {@code kairos keys list}: id, prefix, role, name, created, revoked; never a key. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never the keys' secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Override
        public Integer call() {
            return withKeys(spring, "list", keys -> {
                List<ApiKey> all = keys.list();
                System.out.printf(
                        "%-4s %-16s %-7s %-25s %-22s %s%n", "ID", "PREFIX", "ROLE", "NAME", "CREATED", "REVOKED");
                for (ApiKey key : all) {
                    System.out.printf(
                            "%-4d %-16s %-7s %-25s %-22s %s%n",
                            key.id(),
                            key.prefix(),
                            key.role().label(),
                            key.name(),
                            key.createdAt().toString(),
                            key.revokedAt().map(Object::toString).orElse("-"));
                }
                if (all.isEmpty()) {
                    System.out.println("(no key: 'kairos serve' is open on the loopback address only)");
                }
                return 0;
            });
        }
    }

    /** {@code kairos keys revoke ID|PREFIX}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id or prefix.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        SpringArguments spring;

        @Parameters(paramLabel = "ID|PREFIX", description = "The key's id or prefix, as 'kairos keys list' shows.")
        String key;

        @Override
        public Integer call() {
            return withKeys(spring, "revoke", keys -> {
                Optional<ApiKey> revoked = keys.revoke(key);
                if (revoked.isEmpty()) {
                    System.err.println("kairos keys revoke: no active key with id or prefix '" + key
                            + "' ('kairos keys list' shows them)");
                    return 1;
                }
                System.out.println("Revoked " + revoked.get().role().label() + " key "
                        + revoked.get().id() + " ("
                        + revoked.get().prefix() + ", '" + revoked.get().name() + "'). A running 'kairos serve'"
                        + " refuses it from its next request.");
                return 0;
            });
        }
    }

    private static int withKeys(SpringArguments spring, String verb, Function<ApiKeys, Integer> action) {
        return SpringContexts.withDatabase(
                spring,
                "keys " + verb,
                context -> action.apply(
                        new ApiKeys(new PostgresApiKeyStore(context.getBean(DSLContext.class)), Clock.systemUTC())));
    }
}
