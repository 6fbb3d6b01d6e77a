<?php
// The leadloop card: a dashlet for the Lead record view (Sugar's dashlet metadata: a
// 'dashlets' entry whose filter names the module and the record view).
$viewdefs['Leads']['base']['view']['leadloop-card'] = array(
    'dashlets' => array(
        array(
            'label' => 'LBL_LEADLOOP_CARD',
            'description' => 'LBL_LEADLOOP_CARD_DESCRIPTION',
            'config' => array('module' => 'Leads'),
            'preview' => array('module' => 'Leads'),
            'filter' => array(
                'module' => array('Leads'),
                'view' => 'record',
            ),
        ),
    ),
);
