package org.custodyledger.projection;
class Placeholder {}
