package org.custodyledger.testing;
class Placeholder {}
