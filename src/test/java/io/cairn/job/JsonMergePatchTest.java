package io.cairn.job;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The object cases of RFC 7396's appendix A. */
class JsonMergePatchTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'a':'b'}                 | {'a':'c'}           | {'a':'c'}",
                "{'a':'b'}                 | {'b':'c'}           | {'a':'b','b':'c'}",
                "{'a':'b'}                 | {'a':null}          | {}",
                "{'a':'b','b':'c'}         | {'a':null}          | {'b':'c'}",
                "{'a':['b']}               | {'a':'c'}           | {'a':'c'}",
                "{'a':'c'}                 | {'a':['b']}         | {'a':['b']}",
                "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
                "{'a':[{'b':'c'}]}         | {'a':[1]}           | {'a':[1]}",
                "{'e':null}                | {'a':1}             | {'e':null,'a':1}",
                "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}"
            })
    void mergesAsTheRfcSays(String target, String patch, String expected) {
        ObjectNode node = object(target);

        JsonMergePatch.apply(node, object(patch));

        assertThat(node).isEqualTo(object(expected));
    }

    private ObjectNode object(String json) {
        return (ObjectNode) mapper.readTree(json.replace('\'', '"'));
    }
}
