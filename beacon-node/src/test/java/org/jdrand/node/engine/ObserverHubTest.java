package org.jdrand.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObserverHubTest {
    /** Arguments of the right type for any observer method. */
    private static Object[] args(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] a = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            a[i] = types[i] == long.class ? 7L : types[i] == int.class ? 7 : types[i] == double.class ? 7.0
                    : types[i] == boolean.class ? Boolean.TRUE : types[i] == String.class ? "x" : null;
        }
        return a;
    }

    @Test
    void everyObserverMethodReachesEverySubscriber() throws Exception {
        List<String> seenA = new ArrayList<>();
        List<String> seenB = new ArrayList<>();
        ObserverHub hub = new ObserverHub();
        hub.subscribe(recorder(seenA));
        hub.subscribe(recorder(seenB));

        List<String> methods = new ArrayList<>();
        for (Method m : EngineObserver.class.getMethods()) {
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                methods.add(m.getName());
                m.invoke(hub, args(m));
            }
        }

        assertThat(methods).isNotEmpty();
        assertThat(seenA).containsExactlyInAnyOrderElementsOf(methods);
        assertThat(seenB).containsExactlyInAnyOrderElementsOf(methods);
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws Exception {
        List<String> seen = new ArrayList<>();
        ObserverHub hub = new ObserverHub();
        AutoCloseable sub = hub.subscribe(recorder(seen));
        hub.dialFailed("a:1");
        sub.close();
        hub.dialFailed("b:2");

        assertThat(seen).containsExactly("dialFailed");
    }

    private static EngineObserver recorder(List<String> seen) {
        return (EngineObserver) Proxy.newProxyInstance(EngineObserver.class.getClassLoader(),
                new Class<?>[] {EngineObserver.class}, (proxy, method, a) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == a[0] : System.identityHashCode(proxy);
                    }
                    seen.add(method.getName());
                    return null;
                });
    }
}
