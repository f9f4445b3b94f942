package io.cairn;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Cairn: checkpoint coordination, catalog, retention and restore for stream-processing engines. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CairnApplication {

    public static void main(String[] args) {
        SpringApplication.run(CairnApplication.class, args);
    }
}
