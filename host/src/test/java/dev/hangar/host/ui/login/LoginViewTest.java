package dev.hangar.host.ui.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoginViewTest {
    private static String target(String asked) {
        return new LoginView.AskedFor(asked).target();
    }

    @Test
    void theAskedForPathAndQueryStayBelowTheConsole() {
        assertEquals("./plugins?from=bookmark", target("plugins?from=bookmark"));
        assertEquals("./vm/libvirt/cWVtdTovLy9zeXN0ZW0/web1", target("vm/libvirt/cWVtdTovLy9zeXN0ZW0/web1"));
        assertEquals("./", target(""));
        assertEquals("./", target("login?error"));
    }

    @Test
    void neverAnotherOriginOrAScheme() {
        assertEquals("./evil.example/x", target("//evil.example/x"));
        assertEquals("./evil.example", target("/\\evil.example"));
        assertEquals("./https:/evil.example", target("https:/evil.example"));
        assertEquals("./javascript:alert(1)", target("javascript:alert(1)"));
    }
}
