package dev.hangar.host.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Secret options: never shown on the Plugins page's reasons, in the log or in the audit. */
class SecretsTest {
    private static final String TOKEN = "s3cr3t-t0ken-value";

    @Test
    void secretOptionsAreKnownByTheirNames() {
        for (String name : List.of("proxmox-api-token", "vcenter-password", "PASSPHRASE", "kube-client-secret", "credentials-file-credential")) {
            assertTrue(Secrets.isSecret(name), name);
        }
        for (String name : List.of("libvirt-uri", "example-machines", "plugin-call-timeout")) {
            assertFalse(Secrets.isSecret(name), name);
        }
    }

    @Test
    void theirValuesAreMaskedInTextsLongestFirst() {
        Secrets secrets = Secrets.of(Map.of("api-token", List.of("abcd", "abcdefgh"), "libvirt-uri", List.of("qemu:///system"),
                "short-password", List.of("x")));
        assertEquals("token ••••••, then •••••• and qemu:///system and x", secrets.scrub("token abcdefgh, then abcd and qemu:///system and x"));
        assertNull(secrets.scrub(null));
        IllegalStateException leaking = new IllegalStateException("wrapped", new IllegalArgumentException("bad token abcd"));
        assertNull(secrets.loggable(leaking), "logged without its stack trace, which would print the token");
        IllegalStateException clean = new IllegalStateException("no secret here");
        assertSame(clean, secrets.loggable(clean));
        assertEquals(Map.of("disk", "vda", "root-password", Secrets.MASK), Secrets.masked(Map.of("disk", "vda", "root-password", "hunter22")));
    }

    /** A provider whose init fails echoing its secret option, as a careless plugin would. */
    static final class Careless extends TestProvider {
        Careless() {
            super("careless");
        }

        @Override
        public CompletionStage<Boolean> init(ProviderContext ctx) {
            String token = ctx.option("careless-api-token").get(0);
            return CompletableFuture.failedFuture(new IllegalArgumentException("the engine refused token " + token));
        }
    }

    @Test
    void aProvidersFailureNeitherShowsNorLogsItsSecretOption() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger registryLog = Logger.getLogger(dev.hangar.host.providers.ProviderRegistry.class.getName());
        registryLog.addHandler(capture);
        try (TestHangar test = TestHangar.start(List.of(), List.of("--option", "careless-api-token=" + TOKEN), new Careless())) {
            ProviderStatus status = test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class).providers().get("careless");
            assertEquals(ProviderStatus.State.FAILED, status.state());
            assertEquals("init failed: the engine refused token " + Secrets.MASK, status.message());
            assertFalse(logged.isEmpty(), "the failure is logged");
            for (LogRecord record : logged) {
                String text = record.getMessage() + " " + record.getThrown();
                assertFalse(text.contains(TOKEN), text);
            }
        } finally {
            registryLog.removeHandler(capture);
        }
    }

    @Test
    void anActionsSecretOptionsAreMaskedInTheAudit() throws Exception {
        TestProvider provider = new TestProvider("test");
        Vm web = provider.put(provider.vm("web", VmStates.SHUT_OFF));
        try (TestHangar test = TestHangar.start(provider)) {
            TestHangar.signIn(Role.OPERATOR);
            ProviderAction reset = ProviderAction.of("reset-password", "Reset the root password");
            test.hangar.commands().run(TestHangar.actor(), web.ref(), reset, Map.of("user", "root", "new-password", "hunter22"),
                    (dispatcher, state) -> CompletableFuture.completedFuture(null)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            AuditEntry entry = test.hangar.security().audit().last(1).get(0);
            assertEquals(Map.of("user", "root", "new-password", Secrets.MASK), entry.options());
            assertFalse(Files.readString(test.hangar.security().audit().file()).contains("hunter22"));
        }
    }
}
