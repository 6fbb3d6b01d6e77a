<?php
// The return reasons a rep picks in leadloop_return_reason_c (keys in English, as
// leadloop records and reports them; the same values as Salesforce's LeadLoop_Return_Reason__c).
$app_list_strings['leadloop_return_reason_list'] = array(
    '' => '',
    'Not ready to buy' => 'No está listo para comprar',
    'No budget' => 'Sin presupuesto',
    'Not the decision maker' => 'No es quien decide',
    'Bad timing' => 'No es el momento',
    'Not a fit' => 'No encaja',
    'No response' => 'Sin respuesta',
    'Competitor chosen' => 'Eligió a la competencia',
    'Other' => 'Otro',
);
