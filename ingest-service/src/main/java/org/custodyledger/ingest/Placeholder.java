package org.custodyledger.ingest;
class Placeholder {}
