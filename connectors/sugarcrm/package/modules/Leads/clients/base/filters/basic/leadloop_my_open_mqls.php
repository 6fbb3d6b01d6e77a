<?php
// "My open MQLs": the rep's own leads that leadloop handed over and nobody converted yet.
// Predefined filters carry no sort order: sort the list by "leadloop Follow-up Due" once,
// Sugar keeps the order per user.
$viewdefs['Leads']['base']['filter']['basic']['filters'][] = array(
    'id' => 'leadloop_my_open_mqls',
    'name' => 'LBL_LEADLOOP_MY_OPEN_MQLS',
    'filter_definition' => array(
        array('$owner' => ''),
        array('leadloop_status_c' => array('$equals' => 'mql')),
        array('converted' => array('$equals' => 0)),
    ),
    'editable' => false,
    'is_template' => false,
);
