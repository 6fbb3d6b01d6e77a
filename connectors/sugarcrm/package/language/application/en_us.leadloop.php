<?php
// The return reasons a rep picks in leadloop_return_reason_c (keys in English, as
// leadloop records and reports them; the same values as Salesforce's LeadLoop_Return_Reason__c).
$app_list_strings['leadloop_return_reason_list'] = array(
    '' => '',
    'Not ready to buy' => 'Not ready to buy',
    'No budget' => 'No budget',
    'Not the decision maker' => 'Not the decision maker',
    'Bad timing' => 'Bad timing',
    'Not a fit' => 'Not a fit',
    'No response' => 'No response',
    'Competitor chosen' => 'Competitor chosen',
    'Other' => 'Other',
);
