package io.cairn.common;

/**
 * The metric tag naming a Cairn job. Not {@code job}: Prometheus sets that label on every scraped
 * series (the scrape job), and without {@code honorLabels} it would rename ours to
 * {@code exported_job}, so dashboards grouping by {@code job} would show the scrape job instead.
 */
public final class JobTag {

    public static final String NAME = "cairn_job";

    private JobTag() {}
}
