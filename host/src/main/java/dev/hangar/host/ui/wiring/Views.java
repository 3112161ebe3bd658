package dev.hangar.host.ui.wiring;

import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.di.InstantiatorFactory;
import com.vaadin.flow.router.NavigationEvent;
import com.vaadin.flow.server.VaadinService;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Access;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Makes the console's routes and layouts with what they need passed in: a public constructor whose
 * parameters are a {@link Hangar} and/or the {@link Access} of the session the page is shown in gets
 * them; any other route is made as Vaadin makes it. The Hangar is the one {@code Main} (or a test)
 * put into the servlet context as the attribute {@link #ATTRIBUTE}; nothing looks it up statically.
 * Registered through META-INF/services.
 */
public final class Views implements InstantiatorFactory {
    /** The servlet context attribute that holds the application. */
    public static final String ATTRIBUTE = Hangar.class.getName();

    @Override
    public Instantiator createInstantitor(VaadinService service) {
        return new DefaultInstantiator(service) {
            @Override
            public <T extends HasElement> T createRouteTarget(Class<T> type, NavigationEvent event) {
                return wired(type, event.getUI()).orElseGet(() -> super.createRouteTarget(type, event));
            }

            /** What Vaadin makes without a navigation event at hand (and Karibu's mocked instantiator always). */
            @Override
            public <T> T getOrCreate(Class<T> type) {
                UI ui = UI.getCurrent();
                return (ui == null ? Optional.<T>empty() : wired(type, ui)).orElseGet(() -> super.getOrCreate(type));
            }

            private <T> Optional<T> wired(Class<T> type, UI ui) {
                Optional<Constructor<?>> wired = Arrays.stream(type.getConstructors())
                        .filter(c -> c.getParameterCount() > 0 && Arrays.stream(c.getParameterTypes())
                                .allMatch(p -> p == Hangar.class || p == Access.class))
                        .max(Comparator.comparingInt(Constructor::getParameterCount));
                if (wired.isEmpty()) {
                    return Optional.empty();
                }
                Access access = new Access(ui.getSession());
                Object[] arguments = Arrays.stream(wired.get().getParameterTypes())
                        .map(p -> p == Hangar.class ? application(service) : access).toArray();
                try {
                    return Optional.of(type.cast(wired.get().newInstance(arguments)));
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot make " + type.getName(), e);
                }
            }
        };
    }

    /** The application of the service's servlet context. */
    public static Hangar application(VaadinService service) {
        Hangar hangar = service.getContext().getAttribute(Hangar.class);
        if (hangar == null) {
            throw new IllegalStateException("The servlet context has no attribute " + ATTRIBUTE
                    + ": start the console through Main (a test: through TestHangar), which puts the Hangar there");
        }
        return hangar;
    }
}
