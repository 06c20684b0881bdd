/**
 * Where the broker comes from and what it says about itself. {@code BrokerResolver} is the one place that
 * chooses: a URI the user gives ({@code ExternalBroker}), a container ({@code ContainerBroker},
 * {@code ContainerCluster}) or a private node ({@code LocalNode}, {@code LocalCluster}), each running the
 * node files {@code NodeDirectory} lays out. Also here: what a run leaves behind and its removal, the
 * broker's counters and CPU (the witnesses), TLS, and masking credentials ({@code Uris}). Not here: what
 * is published or consumed (engine), or how a run is planned (run).
 */
package org.rabbitmqjmh.broker;
